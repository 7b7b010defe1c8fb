/**
 * nlp.js (node-nlp, a devDependency) as the peer the FAQ benchmark compares with: one intent per
 * FAQ entry, trained on the same phrasings balie gets, answered with nlp.js's own default
 * threshold (below it the intent is "None", which counts as abstaining).
 */
import { createRequire } from 'node:module';
import type { FaqFile } from '../../src/dialogs/faq/types.js';

interface NlpResult {
  intent: string;
  score: number;
}
interface NlpManagerLike {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<NlpResult>;
}
type NlpManagerClass = new (settings: Record<string, unknown>) => NlpManagerLike;

const require = createRequire(import.meta.url);

/** Answers with an entry id, or null when nlp.js abstains. */
export type PeerMatcher = (text: string) => Promise<string | null>;

/** `withAnswers`: each answer text is added as one more training phrase of its entry. */
export async function trainNlpJs(file: FaqFile, withAnswers = false): Promise<PeerMatcher> {
  const { NlpManager } = require('node-nlp') as { NlpManager: NlpManagerClass };
  const language = file.language;
  const manager = new NlpManager({ languages: [language], autoSave: false, autoLoad: false, nlu: { log: false } });
  for (const entry of file.entries) {
    for (const q of [...entry.questions, ...(withAnswers ? [entry.answer] : [])]) manager.addDocument(language, q, entry.id);
  }
  await manager.train();
  return async (text) => {
    const result = await manager.process(language, text);
    return result.intent === 'None' ? null : result.intent;
  };
}
