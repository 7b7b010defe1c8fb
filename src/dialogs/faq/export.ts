import { isMap, isScalar, isSeq, parseDocument, stringify, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FaqTeaching } from '../../core/listening/types.js';
import { fold } from './normalise.js';

interface Insert {
  at: number;
  text: string;
}

/**
 * Writes what was taught from the desk into one `faq.<language>.yaml` text. The file is edited, not
 * re-serialised: each phrasing is inserted as a line after its entry's last question, new entries
 * after the last entry, so comments, flow lists and line breaks elsewhere stay byte for byte (the
 * `yaml` library finds where; it would reformat the file if it wrote it). What the file already has
 * is skipped, so exporting twice changes nothing. Returns the new text and how many were added.
 */
export function exportIntoFaqYaml(source: string, language: string, teachings: readonly FaqTeaching[]): { text: string; added: number } {
  const doc = parseDocument(source);
  const entries = doc.get('entries');
  if (!isSeq(entries) || !entries.items.length) return { text: source, added: 0 };
  const byId = (id: string) => (entries as YAMLSeq).items.find((e): e is YAMLMap => isMap(e) && e.get('id') === id);
  const inserts: Insert[] = [];
  const seen = new Set<string>();
  const newEntries: string[] = [];
  for (const t of teachings) {
    if (t.kind === 'phrasing') {
      if (t.language !== language) continue;
      const questions = byId(t.entryId)?.get('questions');
      if (!isSeq(questions) || !questions.items.length) continue;
      const key = `${t.entryId}\u0000${fold(t.question)}`;
      if (seen.has(key) || questions.items.some((q) => fold(String(isScalar(q) ? q.value : q)) === fold(t.question))) continue;
      seen.add(key);
      const last = questions.items.at(-1) as { range?: [number, number, number] };
      if (!last.range) continue;
      const start = lineStart(source, last.range[0]);
      const prefix = source.slice(start, last.range[0]);
      // A flow list ([a, b]) has no line per item: those entries are left for a person to edit.
      if (!/^\s*-\s+$/.test(prefix)) continue;
      inserts.push({ at: lineEnd(source, last.range[1]), text: `\n${prefix}${scalar(t.question)}` });
    } else {
      const text = t.texts[language];
      if (!text || byId(t.entryId) || seen.has(t.entryId)) continue;
      seen.add(t.entryId);
      newEntries.push(stringify([{ id: t.entryId, questions: [text.question], answer: text.answer }], { lineWidth: 0 }));
    }
  }
  if (newEntries.length) {
    const first = entries.items[0] as { range?: [number, number, number] };
    const indent = first.range ? source.slice(lineStart(source, first.range[0]), first.range[0]).replace(/-\s*$/, '') : '  ';
    const block = newEntries
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => (line ? indent + line : line))
      .join('\n');
    const end = entries.range?.[1] ?? source.length;
    const at = lineEnd(source, Math.max(0, end - 1));
    inserts.push({ at, text: `${source.slice(0, at).endsWith('\n') ? '' : '\n'}${block}` });
  }
  let text = source;
  for (const insert of inserts.sort((a, b) => b.at - a.at)) text = text.slice(0, insert.at) + insert.text + text.slice(insert.at);
  return { text, added: inserts.length - (newEntries.length ? 1 : 0) + newEntries.length };
}

const lineStart = (source: string, offset: number) => source.lastIndexOf('\n', offset - 1) + 1;

/** The end of the line `offset` is on (before its newline); for a block scalar, the end of the block. */
function lineEnd(source: string, offset: number): number {
  const end = source.indexOf('\n', offset);
  return end < 0 ? source.length : end;
}

/** A question as YAML writes it: plain when it can be, quoted otherwise. */
const scalar = (text: string) => stringify(text, { lineWidth: 0 }).trimEnd();
