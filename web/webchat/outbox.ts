// Sending: a queue, so messages arrive in the order they were written. Each is retried with the
// same clientMessageId, which the server uses to drop duplicates.

import { backoff, retryAfterMs, sleep } from '../shared/http.js';
import { h } from '../shared/dom.js';
import { api, ready, restart } from './conversation.js';
import { browserLocale, t } from './lang.js';
import { buildMessage, place, type MessageElement } from './messages.js';
import { afterAppend, showEmpty } from './scroll.js';
import { chat } from './state.js';
import { refreshSuggestions } from './suggestions.js';

type Status = 'sending' | 'waiting' | 'sent' | 'failed';

interface Outgoing {
  clientMessageId: string;
  text: string | undefined;
  value: string | undefined;
  /** What the customer sees they said. */
  display: string;
  attempts: number;
  el: MessageElement;
  /** The stream brought it back: it is a transcript entry now. */
  echoed?: boolean;
}

/** Messages shown but not yet echoed back by the stream, oldest first. */
const pending: Outgoing[] = [];
const outbox: Outgoing[] = [];
let pumping = false;

function newClientMessageId(): string {
  if (crypto.randomUUID) return crypto.randomUUID().replaceAll('-', '');
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The pending message a customer entry echoes, taken off the queue. */
export function takePending(text: unknown): Outgoing | undefined {
  const wanted = String(text ?? '').trim();
  const index = pending.findIndex((item) => item.display.trim() === wanted);
  if (index === -1) return undefined;
  const [item] = pending.splice(index, 1) as [Outgoing];
  item.echoed = true;
  const queued = outbox.indexOf(item);
  if (queued > 0) outbox.splice(queued, 1);
  return item;
}

function setStatus(item: Outgoing, status: Status): void {
  if (item.echoed) return;
  item.el.dataset.status = status;
  const label = item.el.querySelector('.msg__status')!;
  label.textContent = status === 'sent' ? '' : t(status);
  item.el.querySelector('.msg__retry')?.remove();
  if (status === 'failed') {
    const retry = h('button', 'msg__retry', t('retry'));
    retry.type = 'button';
    retry.addEventListener('click', () => {
      retry.remove();
      outbox.push(item);
      setStatus(item, 'sending');
      void pump();
    });
    label.after(retry);
  }
}

export function send({ text, value }: { text?: string; value?: string }): void {
  const display = (text ?? value ?? '').trim();
  if (!display) return;
  const el = buildMessage({ direction: 'in', role: 'customer', text: display, timestamp: new Date().toISOString() });
  const item: Outgoing = { clientMessageId: newClientMessageId(), text: text?.trim() || undefined, value, display, attempts: 0, el };
  item.el.dataset.author = 'me';
  pending.push(item);
  outbox.push(item);
  place(item.el);
  setStatus(item, 'sending');
  refreshSuggestions();
  showEmpty();
  afterAppend(true);
  void pump();
}

async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    while (outbox.length) {
      const item = outbox[0]!;
      await deliver(item);
      if (outbox[0] === item) outbox.shift();
    }
  } finally {
    pumping = false;
  }
}

async function deliver(item: Outgoing): Promise<void> {
  for (;;) {
    if (item.echoed) return;
    const current = await ready();
    setStatus(item, item.attempts >= 3 ? 'waiting' : 'sending');
    let res: Response | undefined;
    try {
      const body: Record<string, string> = { clientMessageId: item.clientMessageId };
      if (item.text) body.text = item.text;
      if (item.value) body.value = item.value;
      if (browserLocale) body.locale = browserLocale;
      res = await api('POST', `/${encodeURIComponent(current.conversationId)}/messages`, { token: current.token, body });
    } catch {
      res = undefined;
    }
    if (res && res.ok) {
      setStatus(item, 'sent');
      return;
    }
    if (res && (res.status === 401 || res.status === 403 || res.status === 404)) {
      if (chat.session === current) restart();
      continue;
    }
    if (res && res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      setStatus(item, 'failed');
      return;
    }
    item.attempts++;
    if (item.attempts >= 3) setStatus(item, 'waiting');
    await sleep(retryAfterMs(res) ?? backoff(item.attempts));
  }
}
