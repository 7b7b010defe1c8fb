/**
 * Checks the FAQ files for problems that make the bot answer the wrong thing.
 *   npm run check:faq [-- <configDir>]
 * Checks the folder given, else BALIE_CONFIG_DIR, else ./config. Prints one line per problem
 * (`faq.nl.yaml:12 confusable: ...`) and exits 1 when there are any; warnings (`few-questions`)
 * are printed but do not fail the check.
 */
import { resolve } from 'node:path';
import { channelModules } from '../src/adapters/index.js';
import { configDirOf, faqChannelKeys } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';
import { checkFaq } from '../src/dialogs/faq/check.js';
import { loadFaqDir } from '../src/dialogs/faq/load.js';

function main(): number {
  const configDir = process.argv[2] ? resolve(process.argv[2]) : configDirOf(process.env);
  // Answers per channel are checked against the channels balie knows: a misspelt one is an error.
  const files = loadFaqDir(configDir, { channels: faqChannelKeys(channelModules) });
  if (files.length === 0) {
    console.log(`no faq.<language>.yaml files in ${configDir}`);
    return 0;
  }
  console.log(`checking ${configDir}\n`);
  const problems = checkFaq(files);
  for (const p of problems) console.log(`${p.file}:${p.line} ${p.severity === 'warning' ? 'warning ' : ''}${p.kind}: ${p.message}`);
  const entries = files.reduce((n, f) => n + f.entries.length, 0);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (problems.length === 0) console.log(`ok: ${plural(files.length, 'file')}, ${plural(entries, 'entry').replace('entrys', 'entries')}, no problems`);
  else if (errors === 0) console.log(`\nok: no errors, ${plural(warnings, 'warning')} (the bot answers correctly, but could answer more often)`);
  else console.log(`\n${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return errors ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
}
