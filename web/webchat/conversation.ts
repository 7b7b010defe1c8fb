// The conversation: started (or continued from localStorage), its history loaded, and started
// anew when the server no longer knows its token.

import { backoff, connectionBanner, readJson, request, retryAfterMs, sleep } from '../shared/http.js';
import { isEntry } from '../shared/transcript.js';
import { readStorage, writeStorage } from '../shared/storage.js';
import { els } from './els.js';
import { resetOwner } from './header.js';
import { browserLocale, t } from './lang.js';
import { addEntry, isMessage } from './messages.js';
import { scrollToBottom, showEmpty } from './scroll.js';
import { chat, type Session } from './state.js';
import { closeStream, openStream } from './stream.js';
import { hideTyping } from './typing.js';

export const API = '/api/webchat/conversations';
const STORAGE_KEY = 'balie.webchat.v1';
const BANNER_DELAY_MS = 1200;

const banner = connectionBanner({ banner: els.banner, text: els.bannerText }, BANNER_DELAY_MS, (connected) => document.documentElement.classList.toggle('is-offline', !connected));

export function setConnected(connected: boolean, key = 'reconnecting'): void {
  banner(connected, () => t(key));
}

/** A request on this conversation's API. A token past half its life comes back renewed: it is kept, so the conversation never expires while used. */
export async function api(method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}): Promise<Response> {
  const res = await request(method, `${API}${path}`, { token, json: body });
  const renewed = res.headers.get('x-webchat-token');
  if (renewed && token && chat.session?.token === token) {
    // In place: code waiting on this conversation compares the session object itself.
    chat.session.token = renewed;
    saveSession(chat.session);
  }
  return res;
}

let sessionWaiters: ((session: Session) => void)[] = [];
let generation = 0;

function loadSession(): Session | undefined {
  try {
    const saved = JSON.parse(readStorage(STORAGE_KEY) ?? 'null') as Partial<Session> | null;
    if (typeof saved?.conversationId === 'string' && typeof saved?.token === 'string') return { conversationId: saved.conversationId, token: saved.token };
  } catch {
    // garbage: start fresh
  }
  return undefined;
}

function saveSession(value: Session | undefined): void {
  // Without storage the conversation still works, it just will not survive a reload.
  writeStorage(STORAGE_KEY, value ? JSON.stringify({ conversationId: value.conversationId, token: value.token }) : undefined);
}

/** The conversation, once there is one. */
export function ready(): Promise<Session> {
  const session = chat.session;
  return session ? Promise.resolve(session) : new Promise((resolve) => sessionWaiters.push(resolve));
}

function setSession(value: Session | undefined): void {
  chat.session = value;
  if (value) {
    const waiters = sessionWaiters;
    sessionWaiters = [];
    waiters.forEach((resolve) => resolve(value));
  }
}

async function createConversation(): Promise<Session> {
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    try {
      res = await api('POST', '', { body: browserLocale ? { locale: browserLocale } : {} });
      if (res.status === 201 || res.ok) {
        const data = await readJson<Partial<Session>>(res);
        if (typeof data?.conversationId === 'string' && typeof data?.token === 'string') return { conversationId: data.conversationId, token: data.token };
      }
      if (res.status === 400 && browserLocale) {
        // A locale the server does not accept should not keep anyone from chatting.
        const retry = await api('POST', '', { body: {} });
        if (retry.ok) return (await retry.json()) as Session;
      }
      await sleep(retryAfterMs(res) ?? backoff(attempt));
    } catch {
      await sleep(backoff(attempt));
    }
    setConnected(false);
  }
}

/** Loads history (or starts a conversation), then opens the live stream. */
export async function start(): Promise<void> {
  const mine = ++generation;
  let saved = loadSession();
  for (let attempt = 0; ; attempt++) {
    if (mine !== generation) return;
    if (!saved) {
      saved = await createConversation();
      if (mine !== generation) return;
      saveSession(saved);
      break;
    }
    try {
      const res = await api('GET', `/${encodeURIComponent(saved.conversationId)}/messages`, { token: saved.token });
      if (res.status === 401 || res.status === 403 || res.status === 404) {
        saveSession(undefined);
        saved = undefined;
        continue;
      }
      if (!res.ok) throw new Error(`history: HTTP ${res.status}`);
      const data = await readJson<{ messages?: unknown[] }>(res);
      if (mine !== generation) return;
      for (const entry of data?.messages ?? []) if (isEntry(entry)) addEntry(entry);
      break;
    } catch {
      setConnected(false);
      await sleep(backoff(attempt));
    }
  }
  setConnected(true);
  setSession(saved);
  showEmpty();
  scrollToBottom();
  void openStream();
}

/** The token was refused: forget the conversation and begin a new one (pending messages go there). */
export function restart(): void {
  closeStream();
  saveSession(undefined);
  chat.session = undefined;
  chat.rendered.clear();
  chat.lastEntryId = undefined;
  resetOwner();
  for (const node of [...els.messages.children]) {
    if (!(isMessage(node) && !node.dataset.entryId)) node.remove();
  }
  hideTyping();
  showEmpty();
  void start();
}
