import type { FaqTeaching } from '../../core/listening/types.js';
import { fold } from './normalise.js';
import type { FaqFile } from './types.js';

/**
 * The FAQ files with what was taught from the desk applied: a phrasing joins its entry's
 * questions, a new entry goes at the end of each language's file. Something the files already
 * have (exported, then taught again) is skipped, so applying twice changes nothing.
 */
export function applyOverlay(files: FaqFile[], teachings: readonly FaqTeaching[]): FaqFile[] {
  const out = files.map((f) => ({ ...f, entries: f.entries.map((e) => ({ ...e, questions: [...e.questions] })) }));
  for (const t of teachings) {
    if (t.kind === 'phrasing') {
      const entry = out
        .filter((f) => f.language === t.language)
        .flatMap((f) => f.entries)
        .find((e) => e.id === t.entryId);
      if (entry && !entry.questions.some((q) => fold(q) === fold(t.question))) entry.questions.push(t.question);
      continue;
    }
    for (const [language, text] of Object.entries(t.texts)) {
      const file = out.filter((f) => f.language === language).at(-1);
      if (!file || out.some((f) => f.language === language && f.entries.some((e) => e.id === t.entryId))) continue;
      file.entries.push({ id: t.entryId, questions: [text.question], answer: text.answer, channels: {}, tags: [], line: 0 });
    }
  }
  return out;
}
