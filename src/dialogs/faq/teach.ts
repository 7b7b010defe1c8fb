import type { FaqTeaching } from '../../core/listening/types.js';
import { checkFaq } from './check.js';
import { applyOverlay } from './overlay.js';
import type { FaqFile } from './types.js';

/**
 * The `check:faq` errors of the FAQ as it is, per set of languages, kept while the files and the
 * overlay stay the same: the check runs every question through the matcher (a few hundred ms on a
 * large FAQ), and a desk teaching one question after another should not pay for it twice.
 */
export class KnownErrors {
  private files?: readonly FaqFile[];
  private taught?: readonly FaqTeaching[];
  private readonly byLanguages = new Map<string, Set<string>>();

  of(files: readonly FaqFile[], taught: readonly FaqTeaching[], languages: string[], compute: () => Set<string>): Set<string> {
    if (files !== this.files || taught !== this.taught) {
      this.files = files;
      this.taught = taught;
      this.byLanguages.clear();
    }
    const key = [...languages].sort().join(',');
    let known = this.byLanguages.get(key);
    if (!known) this.byLanguages.set(key, (known = compute()));
    return known;
  }
}

/**
 * What is wrong with a teaching before it is accepted: a phrasing for an entry that does not exist,
 * a new entry whose id is taken or that lacks a language, and every `check:faq` error it would add
 * (it is confusable with another entry, the same question is already asked elsewhere, …).
 * Warnings (few questions) never reject. Empty when the teaching is fine.
 */
export function problemsWithTeaching(files: FaqFile[], taught: readonly FaqTeaching[], teaching: FaqTeaching, known = new KnownErrors()): string[] {
  const before = applyOverlay(files, taught);
  const languages = [...new Set(before.map((f) => f.language))];
  const has = (language: string, id: string) => before.some((f) => f.language === language && f.entries.some((e) => e.id === id));
  if (teaching.kind === 'phrasing') {
    if (!languages.includes(teaching.language)) return [`there is no FAQ in "${teaching.language}"; the FAQ has ${languages.join(', ')}`];
    if (!has(teaching.language, teaching.entryId)) return [`there is no entry "${teaching.entryId}" in faq.${teaching.language}.yaml`];
  } else {
    if (languages.some((l) => has(l, teaching.entryId))) return [`the id "${teaching.entryId}" is already used; pick another, or add the question as a phrasing of that entry`];
    const missing = languages.filter((l) => !teaching.texts[l]);
    if (missing.length) return [`give the question and answer in ${missing.join(' and ')} too: every entry is in every FAQ language`];
    const extra = Object.keys(teaching.texts).filter((l) => !languages.includes(l));
    if (extra.length) return [`there is no FAQ in ${extra.join(', ')}; the FAQ has ${languages.join(', ')}`];
  }
  // A phrasing can only spoil its own language: the others are not checked again.
  const affected = teaching.kind === 'phrasing' ? [teaching.language] : languages;
  const only = (list: FaqFile[]) => list.filter((f) => affected.includes(f.language));
  const errors = (list: FaqFile[]) => checkFaq(only(list)).filter((p) => p.severity === 'error');
  const key = (p: { file: string; message: string }) => `${p.file}\u0000${p.message}`;
  const existing = known.of(files, taught, affected, () => new Set(errors(before).map(key)));
  return errors(applyOverlay(before, [teaching]))
    .filter((p) => !existing.has(key(p)))
    .map((p) => `${p.file}: ${p.message}`);
}
