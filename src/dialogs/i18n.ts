import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../core/errors.js';
import { readYamlFile } from '../core/yaml-file.js';

const localeSchema = z.strictObject({
  version: z.literal(1),
  language: z.string().regex(/^[a-z]{2}$/),
  name: z.string().min(1),
  texts: z.record(z.string(), z.string().min(1)),
  triggers: z.record(z.string(), z.array(z.coerce.string().min(1)).min(1)),
});

export type LocaleFile = z.output<typeof localeSchema>;

/** Every text the bot says, per language; `t()` falls back to the default language, then the key. */
export interface Translator {
  readonly languages: string[];
  readonly defaultLanguage: string;
  t(language: string, key: string, vars?: Record<string, string | number>): string;
  /** The trigger phrases `name` (e.g. `cancel`) in `language`. */
  phrases(language: string, name: string): string[];
  has(language: string): boolean;
}

/** Reads every `<lang>.yaml` in `dir`. The file's name and its `language:` must agree. */
export function loadLocales(dir: string): LocaleFile[] {
  const files = readdirSync(dir).filter((f) => /^[a-z]{2}\.yaml$/.test(f)).sort();
  const problems: ConfigProblem[] = [];
  const locales: LocaleFile[] = [];
  for (const file of files) {
    try {
      const locale = readYamlFile(join(dir, file), `locales/${file}`, localeSchema);
      if (`${locale.language}.yaml` !== file) {
        problems.push({ source: `locales/${file}`, key: 'language', problem: `says ${locale.language} but the file is named ${file}`, fix: `rename the file to ${locale.language}.yaml or correct language:` });
      }
      locales.push(locale);
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return locales;
}

export function createTranslator(locales: LocaleFile[], defaultLanguage: string): Translator {
  const byLanguage = new Map(locales.map((l) => [l.language, l]));
  const fallback = byLanguage.has(defaultLanguage) ? defaultLanguage : (locales[0]?.language ?? defaultLanguage);
  return {
    languages: [...byLanguage.keys()],
    defaultLanguage: fallback,
    has: (language) => byLanguage.has(language),
    t(language, key, vars = {}) {
      const template = byLanguage.get(language)?.texts[key] ?? byLanguage.get(fallback)?.texts[key] ?? key;
      return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)).trimEnd();
    },
    phrases(language, name) {
      return byLanguage.get(language)?.triggers[name] ?? [];
    },
  };
}
