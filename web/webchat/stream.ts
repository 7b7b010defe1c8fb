// The live stream: Server-Sent Events with the conversation's new entries and typing signals.
// It takes a ticket that is good for a minute, so the conversation's token never sits in a URL.

import { backoff, eventData, readJson, sleep } from '../shared/http.js';
import { isEntry } from '../shared/transcript.js';
import { API, api, restart, setConnected } from './conversation.js';
import { addEntry } from './messages.js';
import { chat, type Session } from './state.js';
import { showTyping } from './typing.js';

let source: EventSource | undefined;
let streamFailures = 0;

export function closeStream(): void {
  source?.close();
  source = undefined;
}

export async function openStream(): Promise<void> {
  closeStream();
  const current = chat.session;
  if (!current) return;
  let ticket: unknown;
  try {
    const res = await api('POST', `/${encodeURIComponent(current.conversationId)}/stream-tickets`, { token: current.token, body: {} });
    if (res.status === 401 || res.status === 404) return restart();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    ticket = (await readJson<{ ticket?: string }>(res))?.ticket;
  } catch {
    setConnected(false);
    return reconnect(current);
  }
  if (chat.session !== current || typeof ticket !== 'string') return;
  closeStream();
  const es = new EventSource(`${API}/${encodeURIComponent(current.conversationId)}/stream?ticket=${encodeURIComponent(ticket)}`);
  source = es;
  es.addEventListener('open', () => {
    if (source !== es) return;
    streamFailures = 0;
    setConnected(true);
    // Fills the gap between the history fetch (or the last event) and this stream.
    void catchUp(current).catch(() => undefined);
  });
  es.addEventListener('message', (event) => {
    if (source !== es) return;
    // A frame we cannot read: the next catch-up fetch fills it in.
    const entry = eventData(event);
    if (isEntry(entry)) addEntry(entry);
  });
  es.addEventListener('typing', (event) => {
    if (source !== es) return;
    showTyping(eventData(event) ?? {});
  });
  es.addEventListener('error', () => {
    if (source !== es) return;
    setConnected(false);
    // CONNECTING: the browser retries by itself (sending Last-Event-ID). CLOSED: it gave up,
    // e.g. the server refused an expired ticket or answered with an error page; we take over
    // (with a new ticket).
    if (es.readyState === EventSource.CLOSED) {
      closeStream();
      void reconnect(current);
    }
  });
}

async function reconnect(current: Session): Promise<void> {
  await sleep(backoff(++streamFailures));
  if (chat.session !== current) return;
  try {
    const status = await catchUp(current);
    if (status === 401 || status === 403 || status === 404) return restart();
  } catch {
    // still offline: the stream's own error handler tries again
  }
  if (chat.session === current) void openStream();
}

/** Fetches entries after the last one shown. Returns the HTTP status. */
async function catchUp(current: Session): Promise<number> {
  const query = chat.lastEntryId ? `?after=${encodeURIComponent(chat.lastEntryId)}` : '';
  const res = await api('GET', `/${encodeURIComponent(current.conversationId)}/messages${query}`, { token: current.token });
  if (res.ok && chat.session === current) {
    const data = await readJson<{ messages?: unknown[] }>(res);
    for (const entry of data?.messages ?? []) if (isEntry(entry)) addEntry(entry);
  }
  return res.status;
}
