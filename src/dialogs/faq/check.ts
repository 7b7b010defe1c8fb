import { rulesFor } from './languages/index.js';
import { buildIndex, withoutVariant } from './faq-index.js';
import { createFaqMatcher, decide, DEFAULT_SCORING, rank } from './matcher.js';
import { normaliserFor, fold } from './normalise.js';
import { dice, trigrams } from './similarity.js';
import type { FaqEntry, FaqFile, FaqMatcher } from './types.js';

export type FaqProblemKind = 'duplicate-id' | 'confusable' | 'missing-translation' | 'duplicate-question' | 'few-questions';

export interface FaqProblem {
  file: string;
  line: number;
  id: string;
  kind: FaqProblemKind;
  /**
   * An error makes the bot answer wrongly or not at all (`check:faq` fails); a warning is something
   * that makes it answer less often than it could.
   */
  severity: 'error' | 'warning';
  message: string;
}

/** Fewer phrasings than this and an entry is recognised less often than it could be. */
export const ENOUGH_QUESTIONS = 3;

/** Questions of two entries whose normalised words look at least this much alike are confusable. */
const NEAR_IDENTICAL = 0.85;

/**
 * Finds what makes an FAQ answer the wrong thing: duplicate ids, the same question twice, entries
 * the matcher would confuse, and entries missing in another language. Problems are sorted by file
 * and line.
 */
export function checkFaq(files: FaqFile[], matcher: FaqMatcher = createFaqMatcher(files)): FaqProblem[] {
  const problems: FaqProblem[] = [];
  for (const file of files) problems.push(...duplicateIds(file), ...fewQuestions(file));
  for (const language of new Set(files.map((f) => f.language))) {
    const ofLanguage = files.filter((f) => f.language === language);
    const same = sameQuestions(language, ofLanguage);
    problems.push(...same.problems);
    problems.push(...confusions(language, ofLanguage, matcher, same.duplicates));
  }
  problems.push(...missingTranslations(files));
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.kind.localeCompare(b.kind));
}

function fewQuestions(file: FaqFile): FaqProblem[] {
  return file.entries
    .filter((e) => e.questions.length < ENOUGH_QUESTIONS)
    .map((e) => ({
      file: file.file,
      line: e.line,
      id: e.id,
      kind: 'few-questions' as const,
      severity: 'warning' as const,
      message: `entry "${e.id}" has ${e.questions.length} question${e.questions.length === 1 ? '' : 's'}; add ${ENOUGH_QUESTIONS - e.questions.length} more, each asked the way a customer would, in other words than the ones you have`,
    }));
}

function duplicateIds(file: FaqFile): FaqProblem[] {
  const first = new Map<string, FaqEntry>();
  const problems: FaqProblem[] = [];
  for (const entry of file.entries) {
    const earlier = first.get(entry.id);
    if (earlier) {
      problems.push({
        file: file.file,
        line: entry.line,
        id: entry.id,
        kind: 'duplicate-id',
        severity: 'error',
        message: `id "${entry.id}" is also used by the entry on line ${earlier.line}; give each entry its own id`,
      });
    } else first.set(entry.id, entry);
  }
  return problems;
}

interface Variant {
  file: string;
  entry: FaqEntry;
  question: string;
  /** Sorted normalised terms: word order, casing, stopwords and word forms do not count. */
  key: string;
  grams: Set<string>;
}

function variantsOf(language: string, files: FaqFile[]): Variant[] {
  const normaliser = normaliserFor(rulesFor(language));
  return files.flatMap((file) =>
    file.entries.flatMap((entry) =>
      entry.questions.map((question) => {
        const terms = [...new Set(normaliser.analyse(question).flatMap((t) => [...t.stems, ...t.concepts]))].sort();
        return { file: file.file, entry, question, key: terms.join(' '), grams: trigrams(terms) };
      }),
    ),
  );
}

/**
 * The same question twice: literally (ignoring case, accents and punctuation) anywhere, or with the
 * same normalised words in two different entries. Two phrasings that normalise alike within one
 * entry are harmless and not reported.
 */
function sameQuestions(language: string, files: FaqFile[]): { problems: FaqProblem[]; duplicates: Set<string> } {
  const problems: FaqProblem[] = [];
  const duplicates = new Set<string>();
  const byText = new Map<string, Variant>();
  const byKey = new Map<string, Variant>();
  for (const v of variantsOf(language, files)) {
    const text = fold(v.question);
    const earlier = byText.get(text) ?? (v.key ? byKey.get(v.key) : undefined);
    if (earlier && (earlier.entry !== v.entry || fold(earlier.question) === text)) {
      const where = earlier.entry === v.entry ? 'earlier in this entry' : `in entry "${earlier.entry.id}" (line ${earlier.entry.line})`;
      problems.push({
        file: v.file,
        line: v.entry.line,
        id: v.entry.id,
        kind: 'duplicate-question',
        severity: 'error',
        message: `"${v.question}" is the same question as "${earlier.question}" ${where}; remove one or reword it`,
      });
      duplicates.add(v.key).add(`\u0000${text}`);
      continue;
    }
    if (!byText.has(text)) byText.set(text, v);
    if (v.key && !byKey.has(v.key)) byKey.set(v.key, v);
  }
  return { problems, duplicates };
}

/**
 * Entries the matcher would mix up: a question of entry A that the matcher answers with entry B; a
 * question of A that, if A did not list it word for word, would confidently go to B (so a customer
 * asking it slightly differently gets B's answer); or questions of two entries whose normalised
 * words are nearly the same.
 */
function confusions(language: string, files: FaqFile[], matcher: FaqMatcher, duplicates: Set<string>): FaqProblem[] {
  const problems: FaqProblem[] = [];
  const variants = variantsOf(language, files);
  const index = buildIndex(
    language,
    files.flatMap((f) => f.entries),
    files.flatMap((f) => f.shopWords ?? []),
  );
  const reported = new Set<string>();
  const report = (v: Variant, other: FaqEntry, message: string, severity: FaqProblem['severity']) => {
    problems.push({ file: v.file, line: v.entry.line, id: v.entry.id, kind: 'confusable', severity, message });
    reported.add(pairKey(v.entry.id, other.id));
  };

  for (const v of variants) {
    // A question already reported as a duplicate is confused for that reason; say it once.
    if (duplicates.has(v.key) || duplicates.has(`\u0000${fold(v.question)}`)) continue;
    const result = matcher.match(v.question, language);
    const best = result.best;
    if (best && best.entry.id !== v.entry.id) {
      report(
        v,
        best.entry,
        `"${v.question}" is answered with entry "${best.entry.id}" (line ${best.entry.line}) instead of its own; add the word that makes it about "${v.entry.id}" and not "${best.entry.id}" to this question, or move it to "${best.entry.id}" if it belongs there`,
        'error',
      );
      continue;
    }
    const at = index.entries.findIndex((e) => e.entry === v.entry);
    const own = index.entries[at];
    const i = v.entry.questions.indexOf(v.question);
    if (!own || own.variants.length < 2 || i < 0) continue;
    const entries = index.entries.map((e, j) => (j === at ? withoutVariant(e, i) : e));
    const loo = decide(rank(index, v.question, DEFAULT_SCORING, entries));
    if (loo.confident && loo.best && loo.best.entry !== v.entry) {
      report(
        v,
        loo.best.entry,
        `"${v.question}" is closer to entry "${loo.best.entry.id}" (line ${loo.best.entry.line}) than to the other questions of "${v.entry.id}": a customer who asks it a little differently may get the answer of "${loo.best.entry.id}"; add to "${v.entry.id}" a question that names what sets it apart from "${loo.best.entry.id}"`,
        'warning',
      );
    }
  }

  for (let i = 0; i < variants.length; i++) {
    for (let j = i + 1; j < variants.length; j++) {
      const a = variants[i]!;
      const b = variants[j]!;
      if (a.entry === b.entry || a.key === b.key || !a.key || !b.key || reported.has(pairKey(a.entry.id, b.entry.id))) continue;
      if (dice(a.grams, b.grams) >= NEAR_IDENTICAL) {
        report(
          b,
          a.entry,
          `"${b.question}" is nearly the same as "${a.question}" of entry "${a.entry.id}" (line ${a.entry.line}); name in each the thing that sets the two entries apart`,
          'warning',
        );
      }
    }
  }
  return problems;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Ids that one language has and another lacks; reported on the entry that exists. */
function missingTranslations(files: FaqFile[]): FaqProblem[] {
  const languages = [...new Set(files.map((f) => f.language))];
  if (languages.length < 2) return [];
  const idsOf = new Map(languages.map((l) => [l, new Set(files.filter((f) => f.language === l).flatMap((f) => f.entries.map((e) => e.id)))]));
  const problems: FaqProblem[] = [];
  for (const file of files) {
    const reported = new Set<string>();
    for (const entry of file.entries) {
      if (reported.has(entry.id)) continue;
      reported.add(entry.id);
      const missing = languages.filter((l) => l !== file.language && !idsOf.get(l)!.has(entry.id));
      if (missing.length) {
        const targets = missing.map((l) => `faq.${l}.yaml`).join(' and ');
        problems.push({
          file: file.file,
          line: entry.line,
          id: entry.id,
          kind: 'missing-translation',
          severity: 'error',
          message: `entry "${entry.id}" has no translation in ${targets}; add an entry with the same id there`,
        });
      }
    }
  }
  return problems;
}
