import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../../core/errors.js';
import { parseYamlWithLines, readText } from '../../core/yaml-file.js';
import type { FaqEntry, FaqFile } from './types.js';

export const FAQ_FILE_NAME = /^faq\.([a-z]{2})\.yaml$/;
/** A channel's answer key (src/core/channel-module.ts `faqKey`), when no list of channels is given. */
const CHANNEL_KEY = /^[a-z][a-z0-9-]*$/;

const text = z.string({ error: 'must be text' }).trim().min(1, 'is empty');

/**
 * Per-channel answers: with the list of channels balie runs, a key that names none of them is an
 * error (a typo would otherwise silently show the general answer).
 */
function channelAnswers(channels: readonly string[] | undefined) {
  const map = channels
    ? z.strictObject(Object.fromEntries(channels.map((c) => [c, text.optional()])), { error: 'must be a map of channel: answer' })
    : z.record(z.string().regex(CHANNEL_KEY, 'is not a channel name'), text, { error: 'must be a map of channel: answer' });
  return map.default({});
}

const entrySchemaFor = (channels: readonly string[] | undefined) =>
  z.strictObject({
    id: z.string({ error: 'is missing' }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters and digits joined by "-"'),
    questions: z.array(text, { error: 'must be a list of questions' }).min(1, 'has no questions'),
    answer: z.string({ error: 'is missing' }).trim().min(1, 'is empty'),
    channels: channelAnswers(channels),
    tags: z.array(text, { error: 'must be a list of words' }).default([]),
  });

const fileSchemaFor = (channels: readonly string[] | undefined) =>
  z.strictObject({
    version: z.literal(1, { error: 'must be 1' }),
    language: z.string({ error: 'is missing' }).regex(/^[a-z]{2}$/, 'must be a two-letter language code such as nl or en'),
    shopWords: z.array(text, { error: 'must be a list of words' }).default([]),
    entries: z
      .array(entrySchemaFor(channels), { error: 'must be a list of entries' })
      .min(1, 'has no entries')
      .superRefine((entries, ctx) => {
        const first = new Map<string, number>();
        entries.forEach((e, i) => {
          const earlier = first.get(e.id);
          if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${e.id}" is already used by entries[${earlier}]` });
          else first.set(e.id, i);
        });
      }),
  });

/** How to fix a problem at `key`, in words a person editing the FAQ understands. */
function fixFor(key: string, channels: readonly string[] | undefined): string {
  if (key === 'version') return 'write `version: 1` at the top of the file';
  if (key === 'language') return 'write `language: xx` with the code from the file name faq.xx.yaml';
  if (key.startsWith('shopWords')) return 'write shop words as a list, e.g. `shopWords: [parasol, lamp]`';
  if (key === 'entries') return 'list the entries under `entries:`, each starting with `- id: ...`';
  if (/\.id$/.test(key)) return 'give the entry a unique kebab-case id such as `shipping-costs`, the same in every language';
  if (/\.questions/.test(key)) return 'list the ways a customer asks it under `questions:`, each on its own line starting with `- `';
  if (/\.answer$/.test(key)) return 'write the answer text under `answer:`';
  if (/\.channels/.test(key))
    return channels ? `only ${channels.join(', ')} can have their own answer, as text` : 'name a channel (webchat, telegram, …) and give its answer as text';
  if (/\.tags/.test(key)) return 'write tags as a list of words, e.g. `tags: [shipping, costs]`';
  return 'an entry has id, questions, answer and optionally channels and tags; remove or rename the key';
}

function parseFaq(source: string, displayName: string, channels: readonly string[] | undefined): { file: FaqFile; languageLine?: number } {
  const { data, lineOf } = parseYamlWithLines(source, displayName, fileSchemaFor(channels), {
    fixFor: (key) => fixFor(key, channels),
    emptyFix: 'the file is empty: start it with `version: 1`, `language:` and `entries:`',
  });
  const entries: FaqEntry[] = data.entries.map((e, i) => ({
    id: e.id,
    questions: e.questions,
    answer: e.answer,
    channels: Object.fromEntries(Object.entries(e.channels).filter((kv): kv is [string, string] => typeof kv[1] === 'string')),
    tags: e.tags,
    line: lineOf(['entries', i]) ?? 1,
  }));
  return { file: { language: data.language, file: displayName, entries, shopWords: data.shopWords }, languageLine: lineOf(['language']) };
}

export interface FaqLoadOptions {
  /** The answer keys of the channels balie runs (config's `faqChannelKeys`); without it any channel-like key is taken. */
  channels?: readonly string[];
}

/** Reads and validates one FAQ file; every problem becomes a ConfigError with file, line, key and fix. */
export function loadFaqFile(path: string, displayName: string, options: FaqLoadOptions = {}): FaqFile {
  return readFaq(path, displayName, options.channels).file;
}

function readFaq(path: string, displayName: string, channels: readonly string[] | undefined): ReturnType<typeof parseFaq> {
  return parseFaq(readText(path, displayName), displayName, channels);
}

/**
 * Every `faq.<language>.yaml` in `configDir`, sorted by name. The language in the file name and the
 * `language:` key must agree. Problems from all files are reported together. No FAQ files is fine:
 * the bot then answers no FAQ questions.
 */
export function loadFaqDir(configDir: string, options: FaqLoadOptions = {}): FaqFile[] {
  let names: string[];
  try {
    names = readdirSync(configDir)
      .filter((f) => FAQ_FILE_NAME.test(f))
      .sort();
  } catch (err) {
    throw new ConfigError([{ source: configDir, key: '(folder)', problem: 'cannot be read', fix: 'point BALIE_CONFIG_DIR at the folder with the faq.<language>.yaml files' }], {
      cause: err,
    });
  }
  const problems: ConfigProblem[] = [];
  const files: FaqFile[] = [];
  for (const name of names) {
    try {
      const { file, languageLine } = readFaq(join(configDir, name), name, options.channels);
      const fromName = FAQ_FILE_NAME.exec(name)?.[1];
      if (file.language !== fromName) {
        problems.push({
          source: name,
          line: languageLine,
          key: 'language',
          problem: `says ${file.language} but the file is named ${name}`,
          fix: `rename the file to faq.${file.language}.yaml or write \`language: ${fromName}\``,
        });
      }
      files.push(file);
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return files;
}
