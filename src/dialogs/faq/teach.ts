import type { FaqTeaching } from '../../core/listening/types.js';
import { checkFaq } from './check.js';
import { applyOverlay } from './overlay.js';
import type { FaqFile } from './types.js';

/**
 * What is wrong with a teaching before it is accepted: a phrasing for an entry that does not exist,
 * a new entry whose id is taken or that lacks a language, and every `check:faq` error it would add
 * (it is confusable with another entry, the same question is already asked elsewhere, …).
 * Warnings (few questions) never reject. Empty when the teaching is fine.
 */
export function problemsWithTeaching(files: FaqFile[], taught: readonly FaqTeaching[], teaching: FaqTeaching): string[] {
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
  const after = applyOverlay(before, [teaching]);
  const errors = (list: FaqFile[]) => checkFaq(list).filter((p) => p.severity === 'error');
  const known = new Set(errors(before).map((p) => `${p.file}\u0000${p.message}`));
  return errors(after)
    .filter((p) => !known.has(`${p.file}\u0000${p.message}`))
    .map((p) => `${p.file}: ${p.message}`);
}
