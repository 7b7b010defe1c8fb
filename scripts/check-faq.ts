/**
 * Checks the FAQ files for problems that make the bot answer the wrong thing.
 *   npx tsx scripts/check-faq.ts [configDir]
 * Prints one line per problem (`faq.nl.yaml:12 confusable: ...`) and exits 1 when there are any.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../src/core/errors.js';
import { checkFaq } from '../src/dialogs/faq/check.js';
import { loadFaqDir } from '../src/dialogs/faq/load.js';

const configDir = resolve(process.argv[2] ?? 'config');

function main(): number {
  const files = loadFaqDir(configDir);
  if (files.length === 0) {
    console.log(`no faq.<language>.yaml files in ${configDir}`);
    return 0;
  }
  const problems = checkFaq(files);
  for (const p of problems) console.log(`${p.file}:${p.line} ${p.kind}: ${p.message}`);
  const entries = files.reduce((n, f) => n + f.entries.length, 0);
  console.log(problems.length ? `\n${problems.length} problem${problems.length === 1 ? '' : 's'}` : `ok: ${files.length} files, ${entries} entries, no problems`);
  return problems.length ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
}
