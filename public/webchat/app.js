// balie web chat: the page a customer chats on.
//
// The conversation lives on the server as a transcript; this page shows it. History comes from
// GET /messages, new entries (including the customer's own, echoed back) from the SSE stream.
// A message the customer sends is shown at once as a pending bubble and becomes the real entry
// when its echo arrives, so nothing is shown twice. Sends are queued, in order, and retried with
// the same clientMessageId, which the server uses to drop duplicates.

import { renderMarkdown, showBidiControls, stripBidiControls } from './markdown.js';

const API = '/api/webchat/conversations';
const STORAGE_KEY = 'balie.webchat.v1';
const TYPING_MS = 5000;
const BANNER_DELAY_MS = 1200;

const STRINGS = {
  en: {
    subtitle: 'We reply in seconds; a person is available when you need one',
    subtitleShort: 'Fast replies, a person when needed',
    placeholder: 'Type a message…',
    inputLabel: 'Message',
    send: 'Send',
    log: 'Conversation',
    reconnecting: 'Connection lost, reconnecting…',
    connecting: 'Connecting…',
    empty: 'Ask a question to get started. Our assistant answers right away, and a person from our team takes over whenever you like.',
    emptyTitle: 'Hi! How can we help?',
    typing: '{name} is typing…',
    you: 'You',
    bot: 'Assistant',
    agent: 'Team member',
    sending: 'Sending…',
    waiting: 'Waiting for connection…',
    sent: 'Sent',
    failed: 'Not sent',
    retry: 'Try again',
    today: 'Today',
    yesterday: 'Yesterday',
    jump: 'New messages',
    suggestions: 'Suggested replies',
    attachment: 'Attachment',
  },
  nl: {
    subtitle: 'We antwoorden binnen seconden; een medewerker helpt je wanneer je dat wilt',
    subtitleShort: 'Snel antwoord, een mens als je wilt',
    placeholder: 'Typ een bericht…',
    inputLabel: 'Bericht',
    send: 'Versturen',
    log: 'Gesprek',
    reconnecting: 'Verbinding verbroken, opnieuw verbinden…',
    connecting: 'Verbinden…',
    empty: 'Stel een vraag om te beginnen. Onze assistent antwoordt meteen, en een medewerker neemt het over wanneer je wilt.',
    emptyTitle: 'Hoi! Waarmee kunnen we helpen?',
    typing: '{name} is aan het typen…',
    you: 'Jij',
    bot: 'Assistent',
    agent: 'Medewerker',
    sending: 'Versturen…',
    waiting: 'Wachten op verbinding…',
    sent: 'Verstuurd',
    failed: 'Niet verstuurd',
    retry: 'Opnieuw proberen',
    today: 'Vandaag',
    yesterday: 'Gisteren',
    jump: 'Nieuwe berichten',
    suggestions: 'Voorgestelde antwoorden',
    attachment: 'Bijlage',
  },
};

// ---------------------------------------------------------------------------------------------
// Language

const browserLocale = typeof navigator.language === 'string' && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(navigator.language) ? navigator.language : undefined;
const lang = browserLocale?.toLowerCase().startsWith('nl') ? 'nl' : 'en';
const strings = STRINGS[lang];
// Names filled into a sentence lose their bidi controls, so an agent's name cannot reverse the sentence.
const t = (key, vars = {}) => (strings[key] ?? STRINGS.en[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => stripBidiControls(vars[name] ?? ''));
const timeFormat = new Intl.DateTimeFormat(browserLocale ?? lang, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(browserLocale ?? lang, { dateStyle: 'full', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(browserLocale ?? lang, { weekday: 'long', day: 'numeric', month: 'long' });

// ---------------------------------------------------------------------------------------------
// Elements

const $ = (id) => document.getElementById(id);
const els = {
  title: $('chat-title'),
  banner: $('banner'),
  bannerText: $('banner-text'),
  scroller: $('scroller'),
  empty: $('empty'),
  emptyTitle: $('empty-title'),
  messages: $('messages'),
  typing: $('typing'),
  typingText: $('typing-text'),
  jump: $('jump'),
  form: $('composer'),
  input: $('input'),
  send: $('send'),
};
const botName = els.title.textContent.trim() || document.title || 'Chat';

// Every text shown through h() loses its bidi overrides: names, labels and messages come from
// other people, and an override in them would reverse what the customer reads.
function h(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = stripBidiControls(text);
  return el;
}

// ---------------------------------------------------------------------------------------------
// Look: the accent colour (CSP forbids inline styles, so it comes from a meta tag)

function applyAccent() {
  const raw = document.querySelector('meta[name="balie-accent"]')?.getAttribute('content') ?? '';
  const accent = /^#[0-9a-fA-F]{6}$/.test(raw) ? raw : '#c2410c';
  const rgb = hexToRgb(accent);
  const white = [255, 255, 255];
  const ink = [17, 24, 39];
  const onAccent = contrast(rgb, white) >= contrast(rgb, ink) ? white : ink;
  // Accent as text/border on light surfaces: darken until it reads well on the bot bubble.
  let accentInk = rgb;
  for (let i = 0; i < 20 && contrast(accentInk, [241, 242, 244]) < 4.6; i++) accentInk = accentInk.map((c) => Math.round(c * 0.9));
  const root = document.documentElement.style;
  root.setProperty('--accent', accent);
  root.setProperty('--accent-rgb', rgb.join(', '));
  root.setProperty('--on-accent', `rgb(${onAccent.join(', ')})`);
  root.setProperty('--accent-ink', `rgb(${accentInk.join(', ')})`);
}

function hexToRgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function applyStrings() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  els.send.setAttribute('aria-label', t('send'));
  els.send.title = t('send');
  els.emptyTitle.textContent = t('emptyTitle');
}

// ---------------------------------------------------------------------------------------------
// Avatars

function initials(name) {
  const words = String(name ?? '')
    .split(/\s+/)
    .map((w) => w.match(/[\p{L}\p{N}]/u)?.[0])
    .filter(Boolean);
  if (words.length === 0) return '?';
  return (words.length === 1 ? words[0] : words[0] + words[words.length - 1]).toUpperCase();
}

function hue(text) {
  let n = 0;
  for (const ch of String(text)) n = (n * 31 + ch.codePointAt(0)) % 360;
  return n;
}

function botAvatar(el) {
  el.textContent = initials(botName);
  return el;
}

function personAvatar(from) {
  const name = from?.name || '?';
  const box = h('div', 'avatar avatar--person');
  box.setAttribute('aria-hidden', 'true');
  const fallback = () => {
    box.replaceChildren(document.createTextNode(initials(name)));
    box.style.setProperty('--hue', String(hue(from?.id ?? name)));
    box.classList.add('avatar--initials');
  };
  const url = typeof from?.avatarUrl === 'string' ? from.avatarUrl : '';
  if (/^https?:\/\//i.test(url) || url.startsWith('/')) {
    const img = h('img');
    img.alt = '';
    img.decoding = 'async';
    img.referrerPolicy = 'no-referrer';
    img.addEventListener('error', fallback, { once: true });
    img.src = url;
    box.append(img);
  } else {
    fallback();
  }
  return box;
}

// ---------------------------------------------------------------------------------------------
// Rendering messages

/** entry id -> element */
const rendered = new Map();
let lastEntryId;

/** Compares `<ms>-<seq>` ids numerically, as the server does. */
function compareIds(a, b) {
  const [am = 0, as = 0] = String(a).split('-').map(Number);
  const [bm = 0, bs = 0] = String(b).split('-').map(Number);
  return am - bm || as - bs;
}

function dayKey(date) {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function dayLabel(date) {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(date) === dayKey(today)) return t('today');
  if (dayKey(date) === dayKey(yesterday)) return t('yesterday');
  return dayFormat.format(date);
}

function parseTime(value) {
  const date = value ? new Date(value) : new Date();
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

function timeElement(date) {
  const time = h('time', 'msg__time', timeFormat.format(date));
  time.dateTime = date.toISOString();
  time.title = fullFormat.format(date);
  return time;
}

/** A message element; `entry` may be a pending customer message (no id yet). */
function buildMessage(entry) {
  const role = entry.role === 'agent' ? 'agent' : entry.role === 'customer' || entry.direction === 'in' ? 'customer' : 'bot';
  const date = parseTime(entry.timestamp);
  const el = h('article', `msg msg--${role}`);
  el.dataset.testid = 'message';
  el.dataset.role = role;
  el.dataset.day = dayKey(date);
  el.dataset.dayLabel = dayLabel(date);
  if (entry.id) el.dataset.entryId = entry.id;

  const body = h('div', 'msg__body');
  const meta = h('div', 'msg__meta');
  if (role === 'customer') {
    const author = h('span', 'visually-hidden', `${t('you')}:`);
    meta.append(author);
  } else {
    const name = role === 'agent' ? entry.from?.name || t('agent') : botName;
    const author = h('span', 'msg__author', name);
    author.dir = 'auto';
    author.dataset.testid = 'author';
    const badge = h('span', `badge badge--${role}`, role === 'agent' ? t('agent') : t('bot'));
    meta.append(author, badge, timeElement(date));
    const avatar = role === 'agent' ? personAvatar(entry.from) : botAvatar(h('div', 'avatar avatar--bot avatar--sm'));
    avatar.setAttribute('aria-hidden', 'true');
    el.append(avatar);
  }
  body.append(meta);

  const bubble = h('div', 'msg__bubble');
  bubble.title = fullFormat.format(date);
  fillBubble(bubble, entry, role);
  body.append(bubble);

  const attachments = buildAttachments(entry.attachments);
  if (attachments) body.append(attachments);

  if (role === 'customer') {
    const foot = h('div', 'msg__foot');
    foot.append(timeElement(date));
    foot.append(h('span', 'msg__status'));
    body.append(foot);
  }
  if (entry.suggestedActions?.length) el._actions = entry.suggestedActions;
  el.append(body);
  return el;
}

function fillBubble(bubble, entry, role) {
  const text = typeof entry.text === 'string' ? entry.text : '';
  bubble.hidden = text.trim() === '';
  // Each message is its own bidi paragraph, in the direction of its own words (Arabic, Hebrew).
  bubble.dir = 'auto';
  if (role === 'customer') {
    // What the customer typed is shown as typed: plain text, line breaks kept by CSS.
    bubble.classList.add('msg__bubble--plain');
    bubble.textContent = stripBidiControls(text);
  } else {
    bubble.innerHTML = renderMarkdown(text);
  }
}

function buildAttachments(list) {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const box = h('div', 'msg__attachments');
  for (const a of list) {
    const url = typeof a?.contentUrl === 'string' && /^https?:\/\//i.test(a.contentUrl) ? a.contentUrl : undefined;
    // A file name is a link's label: a control in it shows, so "factuur\u202Efdp.exe" cannot pass for a PDF.
    const label = a?.name ? showBidiControls(a.name) : t('attachment');
    if (url && /^image\//.test(a.contentType ?? '')) {
      const link = h('a', 'attachment attachment--image');
      link.href = url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      const img = h('img');
      img.src = url;
      img.alt = label;
      img.loading = 'lazy';
      img.referrerPolicy = 'no-referrer';
      link.append(img);
      box.append(link);
    } else if (url) {
      const link = h('a', 'attachment', label);
      link.href = url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      box.append(link);
    } else {
      box.append(h('span', 'attachment', label));
    }
  }
  return box;
}

function isMessage(node) {
  return node?.classList?.contains('msg');
}

function previousMessage(el) {
  let node = el.previousElementSibling;
  while (node && !isMessage(node)) node = node.previousElementSibling;
  return node;
}

function nextMessage(el) {
  let node = el.nextElementSibling;
  while (node && !isMessage(node)) node = node.nextElementSibling;
  return node;
}

/** Keeps a "Today" / date separator before `el` exactly when its day differs from the one before. */
function syncSeparator(el) {
  if (!el) return;
  const prev = previousMessage(el);
  const needed = !prev || prev.dataset.day !== el.dataset.day;
  const existing = el.previousElementSibling?.classList.contains('day') ? el.previousElementSibling : undefined;
  if (needed && !existing) {
    const sep = h('div', 'day');
    sep.setAttribute('role', 'separator');
    sep.append(h('span', 'day__label', el.dataset.dayLabel));
    el.before(sep);
  } else if (!needed && existing) {
    existing.remove();
  }
  // Consecutive messages from the same author sit closer together.
  const sameAuthor = prev && !needed && prev.dataset.role === el.dataset.role && prev.dataset.author === el.dataset.author;
  el.classList.toggle('msg--follow', Boolean(sameAuthor));
}

/** Puts an entry's element in transcript order: by id, and before any still-pending messages. */
function place(el, id) {
  // Moving an element that is already shown (a pending message that got its id): tidy up behind it.
  let oldNext;
  if (el.parentNode === els.messages) {
    oldNext = nextMessage(el);
    if (el.previousElementSibling?.classList.contains('day')) el.previousElementSibling.remove();
  }
  let before = null;
  if (id) for (const node of els.messages.children) {
    if (!isMessage(node) || node === el) continue;
    const other = node.dataset.entryId;
    if (!other || compareIds(other, id) > 0) {
      before = node;
      break;
    }
  }
  if (before) {
    const sep = before.previousElementSibling?.classList.contains('day') ? before.previousElementSibling : before;
    els.messages.insertBefore(el, sep);
  } else {
    els.messages.append(el);
  }
  syncSeparator(el);
  syncSeparator(nextMessage(el));
  if (oldNext) syncSeparator(oldNext);
}

function addEntry(entry) {
  if (!entry || typeof entry.id !== 'string' || rendered.has(entry.id)) return;
  if (!lastEntryId || compareIds(entry.id, lastEntryId) > 0) lastEntryId = entry.id;
  const stick = nearBottom();
  let el;
  if (entry.direction === 'in') {
    const item = takePending(entry.text);
    if (item) {
      el = item.el;
      el.dataset.entryId = entry.id;
      delete el.dataset.status;
      el.querySelector('.msg__status').textContent = '';
      el.querySelector('.msg__retry')?.remove();
      // The server's clock, not the browser's.
      const date = parseTime(entry.timestamp);
      el.dataset.day = dayKey(date);
      el.dataset.dayLabel = dayLabel(date);
      el.querySelector('.msg__foot time')?.replaceWith(timeElement(date));
      el.querySelector('.msg__bubble').title = fullFormat.format(date);
    }
  }
  if (!el) el = buildMessage(entry);
  el.dataset.author = entry.from?.id ?? entry.role;
  rendered.set(entry.id, el);
  place(el, entry.id);
  if (entry.direction === 'out') hideTyping();
  refreshSuggestions();
  showEmpty();
  afterAppend(stick || entry.direction === 'in');
}

// ---------------------------------------------------------------------------------------------
// Suggested actions: buttons under the latest message, if it is the bot's (or an agent's)

function refreshSuggestions() {
  const latest = [...els.messages.children].reverse().find((node) => isMessage(node) && node.dataset.entryId);
  for (const group of els.messages.querySelectorAll('.suggestions')) {
    if (group.closest('.msg') !== latest) group.remove();
  }
  if (!latest || !latest._actions || latest.dataset.role === 'customer' || latest.querySelector('.suggestions')) return;
  if (nextMessage(latest)) return; // the customer already answered (still sending)
  const group = h('div', 'suggestions');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', t('suggestions'));
  for (const action of latest._actions) {
    if (!action || typeof action.title !== 'string') continue;
    const button = h('button', 'suggestion', action.title);
    button.type = 'button';
    button.dataset.testid = 'suggested-action';
    button.dataset.value = String(action.value ?? action.title);
    button.addEventListener('click', () => {
      if (group.dataset.used) return;
      group.dataset.used = 'true';
      for (const b of group.querySelectorAll('button')) b.disabled = true;
      button.classList.add('suggestion--chosen');
      button.setAttribute('aria-pressed', 'true');
      // The value tells the bot which button; the title is what the customer sees they said.
      send({ text: action.title, value: button.dataset.value });
    });
    group.append(button);
  }
  latest.querySelector('.msg__body').append(group);
}

// ---------------------------------------------------------------------------------------------
// Scrolling

function nearBottom() {
  const s = els.scroller;
  return s.scrollHeight - s.scrollTop - s.clientHeight < 120;
}

function scrollToBottom(smooth = false) {
  const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  els.scroller.scrollTo({ top: els.scroller.scrollHeight, behavior: smooth && !reduce ? 'smooth' : 'auto' });
  els.jump.hidden = true;
}

function afterAppend(stick) {
  if (stick) scrollToBottom();
  else els.jump.hidden = false;
}

function showEmpty() {
  els.empty.hidden = els.messages.querySelector('.msg') !== null;
}

// ---------------------------------------------------------------------------------------------
// Typing indicator

let typingTimer;

function showTyping(data) {
  const stick = nearBottom();
  const name = typeof data?.name === 'string' && data.name.trim() ? data.name.trim() : botName;
  els.typingText.textContent = t('typing', { name });
  els.typing.hidden = false;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(hideTyping, TYPING_MS);
  if (stick) scrollToBottom();
}

function hideTyping() {
  clearTimeout(typingTimer);
  els.typing.hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Connection banner

let bannerTimer;

function setConnected(connected, key = 'reconnecting') {
  if (connected) {
    clearTimeout(bannerTimer);
    bannerTimer = undefined;
    els.banner.hidden = true;
    document.documentElement.classList.remove('is-offline');
    return;
  }
  // A short blip is not worth a banner; an outage is (however often the browser retries meanwhile).
  if (!els.banner.hidden || bannerTimer) return;
  bannerTimer = setTimeout(() => {
    bannerTimer = undefined;
    els.bannerText.textContent = t(key);
    els.banner.hidden = false;
    document.documentElement.classList.add('is-offline');
  }, BANNER_DELAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Helpers for the network

const sleepers = new Set();

/** Waits `ms`, or less when the browser comes back online. */
function sleep(ms) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sleepers.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    sleepers.add(done);
  });
}

window.addEventListener('online', () => [...sleepers].forEach((wake) => wake()));

function backoff(attempt) {
  const base = Math.min(15000, 500 * 2 ** Math.min(attempt, 5));
  return base / 2 + Math.random() * (base / 2);
}

function retryAfter(res) {
  const seconds = Number(res?.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 30000) : undefined;
}

function newClientMessageId() {
  if (crypto.randomUUID) return crypto.randomUUID().replaceAll('-', '');
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function api(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  // A token past half its life comes back renewed: keep the new one, so the conversation never expires while used.
  const renewed = res.headers.get('x-webchat-token');
  if (renewed && token && session?.token === token) {
    // In place: code waiting on this conversation compares the session object itself.
    session.token = renewed;
    saveSession(session);
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// The conversation: id and token kept in localStorage, so a reload continues it

let session;
let sessionWaiters = [];
let generation = 0;

function loadSession() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof saved?.conversationId === 'string' && typeof saved?.token === 'string') return saved;
  } catch {
    // no storage (private mode) or garbage: start fresh
  }
  return undefined;
}

function saveSession(value) {
  try {
    if (value) localStorage.setItem(STORAGE_KEY, JSON.stringify({ conversationId: value.conversationId, token: value.token }));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // the conversation still works, it just will not survive a reload
  }
}

function ready() {
  return session ? Promise.resolve(session) : new Promise((resolve) => sessionWaiters.push(resolve));
}

function setSession(value) {
  session = value;
  if (value) {
    const waiters = sessionWaiters;
    sessionWaiters = [];
    waiters.forEach((resolve) => resolve(value));
  }
}

async function createConversation() {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await api('POST', '', { body: browserLocale ? { locale: browserLocale } : {} });
      if (res.status === 201 || res.ok) {
        const data = await res.json();
        if (typeof data?.conversationId === 'string' && typeof data?.token === 'string') return { conversationId: data.conversationId, token: data.token };
      }
      if (res.status === 400 && browserLocale) {
        // A locale the server does not accept should not keep anyone from chatting.
        const retry = await api('POST', '', { body: {} });
        if (retry.ok) return await retry.json();
      }
      await sleep(retryAfter(res) ?? backoff(attempt));
    } catch {
      await sleep(backoff(attempt));
    }
    setConnected(false);
  }
}

/** Loads history (or starts a conversation), then opens the live stream. */
async function start() {
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
      const data = await res.json();
      if (mine !== generation) return;
      for (const entry of data?.messages ?? []) addEntry(entry);
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
  openStream();
}

/** The token was refused: forget the conversation and begin a new one (pending messages go there). */
function restart() {
  closeStream();
  saveSession(undefined);
  session = undefined;
  rendered.clear();
  lastEntryId = undefined;
  for (const node of [...els.messages.children]) {
    if (!(isMessage(node) && !node.dataset.entryId)) node.remove();
  }
  hideTyping();
  showEmpty();
  void start();
}

// ---------------------------------------------------------------------------------------------
// The live stream

let source;
let streamFailures = 0;

function closeStream() {
  source?.close();
  source = undefined;
}

async function openStream() {
  closeStream();
  const current = session;
  if (!current) return;
  // The stream takes a ticket that is good for a minute, so the conversation's token never sits in a URL.
  let ticket;
  try {
    const res = await api('POST', `/${encodeURIComponent(current.conversationId)}/stream-tickets`, { token: current.token, body: {} });
    if (res.status === 401 || res.status === 404) return restart();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    ticket = (await res.json())?.ticket;
  } catch {
    setConnected(false);
    return reconnect(current);
  }
  if (session !== current || typeof ticket !== 'string') return;
  closeStream();
  const es = new EventSource(`${API}/${encodeURIComponent(current.conversationId)}/stream?ticket=${encodeURIComponent(ticket)}`);
  source = es;
  es.addEventListener('open', () => {
    if (source !== es) return;
    streamFailures = 0;
    setConnected(true);
    // Fills the gap between the history fetch (or the last event) and this stream.
    void catchUp(current);
  });
  es.addEventListener('message', (event) => {
    if (source !== es) return;
    try {
      addEntry(JSON.parse(event.data));
    } catch {
      // a frame we cannot read: the next catch-up fetch fills it in
    }
  });
  es.addEventListener('typing', (event) => {
    if (source !== es) return;
    try {
      showTyping(JSON.parse(event.data));
    } catch {
      showTyping({});
    }
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

async function reconnect(current) {
  await sleep(backoff(++streamFailures));
  if (session !== current) return;
  try {
    const status = await catchUp(current);
    if (status === 401 || status === 403 || status === 404) return restart();
  } catch {
    // still offline: the stream's own error handler tries again
  }
  if (session === current) openStream();
}

/** Fetches entries after the last one shown. Returns the HTTP status. */
async function catchUp(current) {
  const query = lastEntryId ? `?after=${encodeURIComponent(lastEntryId)}` : '';
  const res = await api('GET', `/${encodeURIComponent(current.conversationId)}/messages${query}`, { token: current.token });
  if (res.ok && session === current) {
    const data = await res.json();
    for (const entry of data?.messages ?? []) addEntry(entry);
  }
  return res.status;
}

// ---------------------------------------------------------------------------------------------
// Sending: a queue, so messages arrive in the order they were written

/** Messages shown but not yet echoed back by the stream, oldest first. */
const pending = [];
const outbox = [];
let pumping = false;

function takePending(text) {
  const wanted = String(text ?? '').trim();
  const index = pending.findIndex((item) => item.display.trim() === wanted);
  if (index === -1) return undefined;
  const [item] = pending.splice(index, 1);
  item.echoed = true;
  const queued = outbox.indexOf(item);
  if (queued > 0) outbox.splice(queued, 1);
  return item;
}

function setStatus(item, state) {
  if (item.echoed) return;
  item.el.dataset.status = state;
  const status = item.el.querySelector('.msg__status');
  status.textContent = state === 'sent' ? '' : t(state);
  item.el.querySelector('.msg__retry')?.remove();
  if (state === 'failed') {
    const retry = h('button', 'msg__retry', t('retry'));
    retry.type = 'button';
    retry.addEventListener('click', () => {
      retry.remove();
      outbox.push(item);
      setStatus(item, 'sending');
      void pump();
    });
    status.after(retry);
  }
}

function send({ text, value }) {
  const display = (text ?? value ?? '').trim();
  if (!display) return;
  const stick = true;
  const item = { clientMessageId: newClientMessageId(), text: text?.trim() || undefined, value, display, attempts: 0 };
  item.el = buildMessage({ direction: 'in', role: 'customer', text: display, timestamp: new Date().toISOString() });
  item.el.dataset.author = 'me';
  pending.push(item);
  outbox.push(item);
  place(item.el);
  setStatus(item, 'sending');
  refreshSuggestions();
  showEmpty();
  afterAppend(stick);
  void pump();
}

async function pump() {
  if (pumping) return;
  pumping = true;
  try {
    while (outbox.length) {
      const item = outbox[0];
      await deliver(item);
      if (outbox[0] === item) outbox.shift();
    }
  } finally {
    pumping = false;
  }
}

async function deliver(item) {
  for (;;) {
    if (item.echoed) return;
    const current = await ready();
    setStatus(item, item.attempts >= 3 ? 'waiting' : 'sending');
    let res;
    try {
      const body = { clientMessageId: item.clientMessageId };
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
      if (session === current) restart();
      continue;
    }
    if (res && res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      setStatus(item, 'failed');
      return;
    }
    item.attempts++;
    if (item.attempts >= 3) setStatus(item, 'waiting');
    await sleep(retryAfter(res) ?? backoff(item.attempts));
  }
}

// ---------------------------------------------------------------------------------------------
// The composer

function resizeInput() {
  const input = els.input;
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
}

function updateSendButton() {
  els.send.disabled = els.input.value.trim() === '';
}

function submit() {
  const text = els.input.value.trim();
  if (!text) return;
  els.input.value = '';
  resizeInput();
  updateSendButton();
  send({ text });
  els.input.focus();
}

els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});

els.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    submit();
  }
});

els.input.addEventListener('input', () => {
  resizeInput();
  updateSendButton();
});

// Stay at the newest message while things change size (the input grows, an image loads, a phone
// keyboard opens), unless the customer scrolled up to read.
let pinned = true;
els.scroller.addEventListener('scroll', () => {
  pinned = nearBottom();
  if (pinned) els.jump.hidden = true;
});
if (typeof ResizeObserver === 'function') {
  const observer = new ResizeObserver(() => {
    if (pinned) els.scroller.scrollTop = els.scroller.scrollHeight;
  });
  observer.observe(els.scroller);
  observer.observe(els.messages);
}

els.jump.addEventListener('click', () => scrollToBottom(true));

// ---------------------------------------------------------------------------------------------

applyAccent();
applyStrings();
for (const el of document.querySelectorAll('#header-avatar, #empty-avatar, #typing-avatar')) botAvatar(el);
updateSendButton();
// A desktop visitor can type at once; on phones the keyboard would cover the page.
if (window.matchMedia?.('(pointer: fine)').matches) els.input.focus({ preventScroll: true });
void start();
