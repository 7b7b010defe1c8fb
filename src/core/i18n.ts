import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from './errors.js';
import { readYamlFile } from './yaml-file.js';

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

// A file in the config folder may add a language or change a few texts of a shipped one.
const overrideSchema = localeSchema.extend({
  name: z.string().min(1).optional(),
  texts: z.record(z.string(), z.string().min(1)).default({}),
  triggers: z.record(z.string(), z.array(z.coerce.string().min(1)).min(1)).default({}),
});

const LOCALE_FILE = /^[a-z]{2}\.yaml$/;

function readDir<S extends z.ZodType<LocaleFile | z.output<typeof overrideSchema>>>(dir: string, schema: S, problems: ConfigProblem[]): z.output<S>[] {
  const out: z.output<S>[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => LOCALE_FILE.test(f))
    .sort()) {
    try {
      const locale = readYamlFile(join(dir, file), `locales/${file}`, schema);
      if (`${locale.language}.yaml` !== file) {
        problems.push({
          source: `locales/${file}`,
          key: 'language',
          problem: `says ${locale.language} but the file is named ${file}`,
          fix: `rename the file to ${locale.language}.yaml or correct language:`,
        });
      }
      out.push(locale);
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
    }
  }
  return out;
}

/**
 * Reads every `<lang>.yaml` in `dir` (the shipped `locales/`), then those in `overrides` (the config
 * folder's `locales/`, when it exists): a file there adds a language, or replaces single texts and
 * trigger lists of a shipped one. The file's name and its `language:` must agree.
 */
export function loadLocales(dir: string, overrides?: string): LocaleFile[] {
  const problems: ConfigProblem[] = [];
  const byLanguage = new Map(readDir(dir, localeSchema, problems).map((l) => [l.language, l]));
  if (overrides && existsSync(overrides)) {
    for (const o of readDir(overrides, overrideSchema, problems)) {
      const base = byLanguage.get(o.language);
      byLanguage.set(o.language, {
        version: 1,
        language: o.language,
        name: o.name ?? base?.name ?? o.language,
        texts: { ...base?.texts, ...o.texts },
        triggers: { ...base?.triggers, ...o.triggers },
      });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return [...byLanguage.values()];
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
