import type { TranscriptEntry } from '../../core/storage/transcript.js';

/** What goes over the live stream: a transcript entry, or "typing" while the bot or agent writes. */
export type StreamEvent = { kind: 'entry'; entry: TranscriptEntry } | { kind: 'typing'; from: { id: string; name?: string } };

export function topicFor(conversationId: string): string {
  return `webchat:${conversationId}`;
}

/** One SSE frame. Entries carry their transcript id, so a reconnecting browser resumes after it. */
export function sseFrame(event: StreamEvent): string {
  if (event.kind === 'entry') return `id: ${event.entry.id}\nevent: message\ndata: ${JSON.stringify(event.entry)}\n\n`;
  return `event: typing\ndata: ${JSON.stringify(event.from)}\n\n`;
}
