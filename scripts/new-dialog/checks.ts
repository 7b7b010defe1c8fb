import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createTranslator, loadLocales } from '../../src/dialogs/i18n.js';
import { registerDialogs } from '../../src/dialogs/index.js';
import { createSampleOrderLookup } from '../../src/dialogs/order-status/order-lookup.js';
import { containsPhrase, isPhrase } from '../../src/dialogs/triggers.js';
import type { DialogNames } from './names.js';

export const IMPORTS_MARKER = '// new-dialog:imports';
export const REGISTER_MARKER = '// new-dialog:register';

export interface Paths {
  dialog: string;
  folder: string;
  test: string;
  doc: string;
  index: string;
}

export function pathsFor(root: string, n: DialogNames): Paths {
  return {
    folder: join(root, 'src/dialogs', n.kebab),
    dialog: join(root, 'src/dialogs', n.kebab, `${n.kebab}-dialog.ts`),
    test: join(root, 'test/dialogs', `${n.kebab}.test.ts`),
    doc: join(root, 'docs/dialogs', `${n.kebab}.md`),
    index: join(root, 'src/dialogs/index.ts'),
  };
}

/** Everything that stops the scaffold, checked before anything is written. */
export function problemsWith(root: string, n: DialogNames, paths: Paths): string[] {
  const problems: string[] = [];
  const rel = (p: string) => p.slice(root.length + 1);
  if (existsSync(paths.folder) || existsSync(`${paths.folder}.ts`)) problems.push(`${rel(paths.folder)} already exists: pick another name, or edit that dialog`);
  for (const p of [paths.test, paths.doc]) if (existsSync(p)) problems.push(`${rel(p)} already exists`);
  const index = existsSync(paths.index) ? readFileSync(paths.index, 'utf8') : '';
  if (new RegExp(`\\b${n.factory}\\b`).test(index)) problems.push(`src/dialogs/index.ts already registers ${n.factory}`);
  for (const marker of [IMPORTS_MARKER, REGISTER_MARKER]) {
    if (!index.includes(marker)) problems.push(`src/dialogs/index.ts has no "${marker}" line; put it back (see docs/dialogs.md) or register the dialog by hand`);
  }
  problems.push(...phraseTaken(root, n));
  return problems;
}

/** The dialog's first phrase must reach it: the router looks at cancel, person, greeting and help first, then earlier dialogs. */
function phraseTaken(root: string, n: DialogNames): string[] {
  const config = loadConfig({ BALIE_CONFIG_DIR: join(root, 'config'), LOG_LEVEL: 'silent' });
  const t = createTranslator(loadLocales(join(root, 'locales'), join(config.configDir, 'locales')), config.bot.defaultLanguage);
  const router: [string, (phrases: string[]) => boolean][] = [
    ['cancel', (p) => isPhrase(n.phrase, p, 0)],
    ['human', (p) => containsPhrase(n.phrase, p)],
    ['greeting', (p) => isPhrase(n.phrase, p, 1)],
    ['help', (p) => isPhrase(n.phrase, p, 2)],
  ];
  for (const language of t.languages) {
    for (const [list, hits] of router) {
      if (hits(t.phrases(language, list))) return [`"${n.phrase}" is how customers ask for ${list} (locales/${language}.yaml); pick a name whose words start only this dialog`];
    }
    for (const { dialog, trigger } of registerDialogs({ t, orders: createSampleOrderLookup() })) {
      if (trigger(n.phrase, language)) return [`"${n.phrase}" already starts the ${dialog.id} dialog; pick another name`];
    }
  }
  return [];
}
