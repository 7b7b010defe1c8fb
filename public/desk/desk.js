// balie desk: the agents' web console.
//
// One page, no framework. The server is the source of truth: lists are fetched from the agent API
// (/api/desk) and re-fetched whenever the event stream says something changed; the stream itself
// only says *that* something happened. After a reconnect everything is fetched again, so a missed
// event costs nothing. Chat transcripts are fetched incrementally (`after` the last entry shown).

import { renderMarkdown, showBidiControls, stripBidiControls } from '/webchat/markdown.js';
import { initialLanguage, translator } from './i18n.js';

const API = '/api/desk';
const LANG_KEY = 'balie.desk.lang';
// Signed in here before: the token help starts folded.
const SEEN_KEY = 'balie.desk.seen';
const MAX_UPLOAD = 5 * 1024 * 1024;
const BANNER_DELAY_MS = 1500;

// ---------------------------------------------------------------------------------------------
// Small helpers

const $ = (id) => document.getElementById(id);

// Every text shown through h() loses its bidi overrides: customers' names and words, notes and
// collected values come from other people, and an override in them would reverse what agents read.
function h(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined && text !== null) el.textContent = stripBidiControls(text);
  return el;
}

/** Someone else's words, isolated: a right-to-left name or message keeps to its own box. */
function own(tag, className, text) {
  const el = h(tag, className, text);
  el.dir = 'auto';
  return el;
}

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

function firstName(name) {
  return String(name ?? '').trim().split(/\s+/)[0] ?? '';
}

function safeImageUrl(url) {
  return typeof url === 'string' && (/^https:\/\//i.test(url) || /^\/(?!\/)/.test(url)) ? url : undefined;
}

function safeLinkUrl(url) {
  return typeof url === 'string' && (/^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url)) ? url : undefined;
}

/** "0:42", "3:05", "1:02:09": a duration that ticks. */
function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

// ---------------------------------------------------------------------------------------------
// Language

let lang = initialLanguage(readStorage(LANG_KEY), navigator.languages?.length ? navigator.languages : [navigator.language]);
let t = translator(lang);
let timeFormat;
let dateTimeFormat;

function readStorage(key) {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeStorage(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

function setLanguage(next, remember) {
  lang = next;
  t = translator(lang);
  if (remember) writeStorage(LANG_KEY, lang);
  timeFormat = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  dateTimeFormat = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const select of document.querySelectorAll('.lang-select')) select.value = lang;
  els.reply.placeholder = t('replyPlaceholder');
  els.noteInput.placeholder = t('notePlaceholder');
  els.transferNote.placeholder = t('transferNotePlaceholder');
  if (state.me) renderAll();
  updateTitle();
}

// ---------------------------------------------------------------------------------------------
// Elements

const els = {
  signin: $('signin'),
  signinForm: $('signin-form'),
  token: $('token'),
  signinError: $('signin-error'),
  signinButton: $('signin-button'),
  app: $('app'),
  presence: $('presence'),
  me: $('me'),
  signOut: $('sign-out'),
  banner: $('banner'),
  bannerText: $('banner-text'),
  offers: $('offers'),
  offerList: $('offer-list'),
  myChats: $('my-chats'),
  mineCount: $('mine-count'),
  mineEmpty: $('mine-empty'),
  queue: $('queue'),
  queueCount: $('queue-count'),
  queueEmpty: $('queue-empty'),
  conversation: $('conversation'),
  placeholder: $('placeholder'),
  placeholderTitle: $('placeholder-title'),
  chat: $('chat'),
  back: $('back'),
  chatAvatar: $('chat-avatar'),
  chatTitle: $('chat-title'),
  chatSub: $('chat-sub'),
  chatActions: $('chat-actions'),
  offerActions: $('offer-actions'),
  chatCountdown: $('chat-countdown'),
  chatAccept: $('chat-accept'),
  chatDecline: $('chat-decline'),
  details: $('details'),
  transfer: $('transfer'),
  handBack: $('hand-back'),
  resolve: $('resolve'),
  log: $('log'),
  composer: $('composer'),
  composerStatus: $('composer-status'),
  composerFiles: $('composer-files'),
  reply: $('reply'),
  replyLabel: $('reply-label'),
  send: $('send'),
  cannedButton: $('canned-button'),
  file: $('file'),
  locked: $('chat-locked'),
  context: $('context'),
  contextClose: $('context-close'),
  facts: $('facts'),
  collected: $('collected'),
  noteSection: $('note-section'),
  transferNoteText: $('transfer-note'),
  earlier: $('earlier'),
  identities: $('identities'),
  notes: $('notes'),
  noteForm: $('note-form'),
  noteInput: $('note-input'),
  transferDialog: $('transfer-dialog'),
  transferForm: $('transfer-form'),
  transferTo: $('transfer-to'),
  transferNote: $('transfer-note-input'),
  transferError: $('transfer-error'),
  confirmDialog: $('confirm-dialog'),
  confirmForm: $('confirm-form'),
  confirmTitle: $('confirm-title'),
  confirmText: $('confirm-text'),
  confirmError: $('confirm-error'),
  confirmOk: $('confirm-ok'),
  cannedDialog: $('canned-dialog'),
  cannedFilter: $('canned-filter'),
  cannedList: $('canned-list'),
  cannedEmpty: $('canned-empty'),
  toasts: $('toasts'),
  announcePolite: $('announce-polite'),
  announceUrgent: $('announce-urgent'),
};

// ---------------------------------------------------------------------------------------------
// State

const state = {
  /** GET /me */
  me: undefined,
  agents: [],
  queue: { length: 0, items: [] },
  /** key -> offer (QueueItem + deadline) */
  offers: new Map(),
  /** key -> QueueItem */
  chats: new Map(),
  /** key -> unread count */
  unread: new Map(),
  /** The chat on screen. */
  open: undefined,
  /** lang -> canned replies */
  canned: new Map(),
  /** Offers already announced (so a refresh does not announce them again). */
  announced: new Set(),
  /** Server clock minus browser clock (ms), from the Date header. */
  skew: 0,
};

const serverNow = () => Date.now() + state.skew;

// ---------------------------------------------------------------------------------------------
// The API

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body, options = {}) {
  const headers = { Accept: 'application/json', ...options.headers };
  let payload;
  if (options.raw !== undefined) payload = options.raw;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`${API}${path}`, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', err?.message || 'network error');
  }
  learnSkew(res);
  if (res.status === 204) return undefined;
  let data;
  try {
    data = await res.json();
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const error = new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? `HTTP ${res.status}`);
    error.retryAfter = Number(res.headers.get('retry-after')) || undefined;
    if (res.status === 401 && !options.signIn && state.me) sessionEnded();
    throw error;
  }
  return data;
}

function learnSkew(res) {
  const date = Date.parse(res.headers.get('date') ?? '');
  if (Number.isNaN(date)) return;
  // The Date header has whole seconds: only a clearly wrong browser clock is corrected.
  const skew = date + 500 - Date.now();
  state.skew = Math.abs(skew) > 2000 ? skew : 0;
}

const enc = encodeURIComponent;

// ---------------------------------------------------------------------------------------------
// Announcements, toasts, sound, title

function announce(text, urgent = false) {
  const region = urgent ? els.announceUrgent : els.announcePolite;
  // Clearing first makes screen readers read a repeated text again.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = text;
  }, 60);
}

function toast(text, kind = 'info') {
  const el = h('div', `toast toast--${kind}`, text);
  els.toasts.append(el);
  setTimeout(() => el.classList.add('toast--out'), 4500);
  setTimeout(() => el.remove(), 5000);
}

function notify(text, kind = 'info', urgent = false) {
  toast(text, kind);
  announce(text, urgent);
}

let audio;
function unlockAudio() {
  if (audio || typeof AudioContext !== 'function') return;
  try {
    audio = new AudioContext();
  } catch {
    audio = undefined;
  }
}
document.addEventListener('pointerdown', unlockAudio, { once: true, capture: true });
document.addEventListener('keydown', unlockAudio, { once: true, capture: true });

/** A short two-note chime (no sound file, so nothing to load or to block). */
function chime() {
  if (!audio || window.matchMedia?.('(prefers-reduced-motion: reduce)').matches) return;
  try {
    const at = audio.currentTime;
    for (const [i, freq] of [880, 1318.5].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, at + i * 0.16);
      gain.gain.exponentialRampToValueAtTime(0.12, at + i * 0.16 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + i * 0.16 + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start(at + i * 0.16);
      osc.stop(at + i * 0.16 + 0.4);
    }
  } catch {
    // no sound is fine
  }
}

let flashOn = false;
function updateTitle() {
  const unread = [...state.unread.values()].reduce((a, b) => a + b, 0);
  const base = `${unread ? `(${unread}) ` : ''}${t('appTitle')}`;
  // While an offer waits the title flashes, so it is noticed in another tab.
  document.title = state.offers.size && flashOn ? t('titleFlash', { title: t('appTitle') }) : base;
}

// ---------------------------------------------------------------------------------------------
// Sign-in

function showSignIn(message) {
  state.me = undefined;
  closeEvents();
  els.app.hidden = true;
  els.signin.hidden = false;
  document.body.classList.remove('is-loading');
  $('token-help').open = !readStorage(SEEN_KEY);
  els.signinError.textContent = message ?? '';
  els.token.setAttribute('aria-invalid', message ? 'true' : 'false');
  els.signinButton.disabled = false;
  els.signinButton.textContent = t('signIn');
  els.token.focus();
}

function sessionEnded() {
  showSignIn(t('sessionExpired'));
}

els.signinForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = els.token.value.trim();
  if (!token) {
    els.signinError.textContent = t('signInFailed');
    els.token.setAttribute('aria-invalid', 'true');
    els.token.focus();
    return;
  }
  els.signinButton.disabled = true;
  els.signinButton.textContent = t('signingIn');
  els.signinError.textContent = '';
  try {
    await api('POST', '/sign-in', { token }, { signIn: true });
    els.token.value = '';
    writeStorage(SEEN_KEY, '1');
    await boot();
  } catch (err) {
    const message =
      err.status === 401 ? t('signInFailed') :
      err.status === 429 ? t('signInLimited', { seconds: err.retryAfter ?? 60 }) :
      err.status === 503 ? t('signInUnavailable', { message: err.message }) :
      err.status === 0 ? t('signInOffline') :
      t('error', { message: err.message });
    showSignIn(message);
  }
});

els.signOut.addEventListener('click', async () => {
  try {
    await api('POST', '/sign-out', {});
  } catch {
    // signed out either way
  }
  state.open = undefined;
  showSignIn();
});

// ---------------------------------------------------------------------------------------------
// Start

async function boot() {
  let me;
  try {
    me = await api('GET', '/me', undefined, { signIn: true });
  } catch (err) {
    if (err.status === 401) return showSignIn();
    if (err.status === 503) return showSignIn(t('signInUnavailable', { message: err.message }));
    if (err.status === 404) return showSignIn(t('signInUnavailable', { message: t('noDeskApi') }));
    if (err.status === 0) return showSignIn(t('signInOffline'));
    return showSignIn(t('error', { message: err.message }));
  }
  state.me = me;
  els.signin.hidden = true;
  els.app.hidden = false;
  document.body.classList.remove('is-loading');
  renderMe();
  renderPresence();
  await refreshAll();
  openEvents();
  checkedPresence()?.focus();
}

async function refreshAll() {
  await Promise.all([refreshChats(), refreshQueue(), refreshAgents(), refreshMe()]);
  if (state.open) await reloadOpenChat();
}

async function refreshMe() {
  try {
    state.me = await api('GET', '/me');
    renderMe();
    renderPresence();
  } catch (err) {
    reportError(err);
  }
}

async function refreshChats() {
  let data;
  try {
    data = await api('GET', '/chats');
  } catch (err) {
    return reportError(err);
  }
  const offers = new Map((data?.offers ?? []).map((o) => [o.key, o]));
  const fresh = [...offers.values()].filter((o) => !state.announced.has(o.key));
  state.offers = offers;
  state.chats = new Map((data?.chats ?? []).map((c) => [c.key, { ...c, since: serverNow() - c.waitingSeconds * 1000 }]));
  for (const key of state.announced) if (!offers.has(key)) state.announced.delete(key);
  for (const key of [...state.unread.keys()]) if (!state.chats.has(key) && !offers.has(key)) state.unread.delete(key);
  renderOffers();
  renderMyChats();
  // Nothing on screen: show the newest offer's conversation at once (focus stays where it is).
  const roomy = window.matchMedia?.('(min-width: 760px)').matches;
  if (fresh.length && !state.open && roomy) void openChat(fresh[fresh.length - 1].key, { focus: false });
  for (const offer of fresh) {
    state.announced.add(offer.key);
    const seconds = Math.max(0, Math.round((offer.deadline - serverNow()) / 1000));
    announce(t('offerAnnounce', { name: displayName(offer), reason: t.map('reasons', offer.reason), seconds }), true);
    chime();
  }
  // The chat on screen may have changed hands (accepted elsewhere, expired, transferred).
  if (state.open && state.open.mode !== 'closed') {
    const mode = modeFor(state.open.key);
    if (mode !== state.open.mode) {
      if (mode) {
        state.open.mode = mode;
        renderChatHead();
      } else if (state.me?.agent.role !== 'supervisor') {
        markOpenClosed();
      }
    }
  }
}

async function refreshQueue() {
  try {
    const data = await api('GET', '/queue');
    const now = serverNow();
    state.queue = { length: data?.length ?? 0, items: (data?.items ?? []).map((i) => ({ ...i, since: now - i.waitingSeconds * 1000 })) };
    renderQueue();
  } catch (err) {
    reportError(err);
  }
}

async function refreshAgents() {
  try {
    const data = await api('GET', '/agents');
    state.agents = data?.agents ?? [];
  } catch (err) {
    reportError(err);
  }
}

function reportError(err) {
  if (err?.status === 401) return;
  if (err?.status === 0) return setConnected(false);
  toast(t('error', { message: err?.message ?? String(err) }), 'error');
}

// Several events in a burst (queue changes) cost one fetch.
function debounce(fn, ms) {
  let timer;
  let running;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      await running;
      running = fn();
    }, ms);
  };
}
const refreshQueueSoon = debounce(refreshQueue, 150);
const refreshChatsSoon = debounce(refreshChats, 80);

// ---------------------------------------------------------------------------------------------
// Top bar: who I am and my presence

function renderMe() {
  const agent = state.me?.agent;
  if (!agent) return;
  els.me.replaceChildren();
  els.me.append(agentAvatar(agent, 'avatar--sm'));
  const text = h('span', 'me__text');
  text.append(h('span', 'me__name', agent.name));
  if (agent.role === 'supervisor') text.append(h('span', 'me__role', t('supervisor')));
  els.me.append(text);
  els.me.title = t('signedInAs', { name: agent.name });
}

function renderPresence() {
  const presence = state.me?.presence ?? 'offline';
  for (const input of els.presence.querySelectorAll('input')) input.checked = input.value === presence;
  els.app.dataset.presence = presence;
  renderMyChats();
}

function checkedPresence() {
  return els.presence.querySelector('input:checked') ?? els.presence.querySelector('input');
}

els.presence.addEventListener('change', async (event) => {
  const presence = event.target.value;
  const before = state.me?.presence;
  try {
    await api('PUT', '/presence', { presence });
    if (state.me) state.me.presence = presence;
    renderPresence();
    announce(t('presenceChanged', { presence: t(presence) }));
  } catch (err) {
    if (state.me) state.me.presence = before;
    renderPresence();
    reportError(err);
  }
});

// ---------------------------------------------------------------------------------------------
// Avatars and names

// The web chat calls everyone who gave no name "Customer": that is no name to greet someone by.
const GENERIC_NAMES = new Set(['customer', 'klant', 'user', 'gebruiker']);

function realName(name) {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  return trimmed && !GENERIC_NAMES.has(trimmed.toLowerCase()) ? trimmed : undefined;
}

function displayName(item) {
  const name = realName(item?.customerName);
  if (name) return name;
  const id = String(item?.key ?? '').split(':').slice(1).join(':');
  return `${t('customer')} ${id.slice(-4)}`.trim();
}

function customerAvatar(item, size = '') {
  const box = h('div', `avatar avatar--customer ${size}`, initials(realName(item?.customerName) ?? t('customer')));
  box.setAttribute('aria-hidden', 'true');
  box.style.setProperty('--hue', String(hue(item?.key ?? '')));
  return box;
}

function agentAvatar(agent, size = '') {
  const box = h('div', `avatar avatar--agent ${size}`);
  box.setAttribute('aria-hidden', 'true');
  const fallback = () => {
    box.replaceChildren(document.createTextNode(initials(agent?.name)));
    box.style.setProperty('--hue', String(hue(agent?.id ?? agent?.name ?? '')));
    box.classList.add('avatar--initials');
  };
  const url = safeImageUrl(agent?.avatarUrl);
  if (url) {
    const img = h('img');
    img.alt = '';
    img.decoding = 'async';
    img.referrerPolicy = 'no-referrer';
    img.addEventListener('error', fallback, { once: true });
    img.src = url;
    box.append(img);
  } else fallback();
  return box;
}

function agentById(id) {
  if (state.me?.agent.id === id) return state.me.agent;
  return state.agents.find((a) => a.id === id);
}

function metaLine(item) {
  return [t.map('reasons', item.reason), t.map('languages', item.language), t.map('channels', item.channel)].filter(Boolean).join(' · ');
}

function vipMark() {
  const mark = h('span', 'vip', t('vip'));
  mark.title = t('vip');
  return mark;
}

function waitingTime(since, { label = true } = {}) {
  const time = h('span', 'ticker');
  time.dataset.since = String(since);
  if (label) {
    time.append(h('span', 'visually-hidden', `${t('waitingSince')} `));
  }
  const value = h('span', 'ticker__value', clock((serverNow() - since) / 1000));
  time.append(value);
  return time;
}

/** Re-renders a list while keeping keyboard focus on the same control. */
function keepFocus(container, render) {
  const active = document.activeElement;
  const within = active && container.contains(active);
  const key = within ? active.closest('[data-key]')?.dataset.key : undefined;
  const action = within ? active.dataset.action : undefined;
  render();
  if (key) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"] [data-action="${CSS.escape(action ?? '')}"]`) ?? container.querySelector(`[data-key="${CSS.escape(key)}"] [data-action]`);
    again?.focus();
  }
}

// ---------------------------------------------------------------------------------------------
// Offers

function renderOffers() {
  keepFocus(els.offerList, () => {
    els.offerList.replaceChildren();
    for (const offer of state.offers.values()) els.offerList.append(offerCard(offer));
  });
  els.offers.hidden = state.offers.size === 0;
  tick();
  updateTitle();
}

function offerCard(offer) {
  const name = displayName(offer);
  const li = h('li', 'offer');
  li.dataset.key = offer.key;
  li.setAttribute('aria-labelledby', `offer-${cssId(offer.key)}`);
  const top = h('div', 'offer__top');
  top.append(customerAvatar(offer, 'avatar--sm'));
  const title = h('div', 'offer__title');
  // The name opens the conversation before deciding (a preview; replying needs Accept).
  const nameEl = own('button', 'offer__name', name);
  nameEl.type = 'button';
  nameEl.id = `offer-${cssId(offer.key)}`;
  nameEl.title = t('preview');
  nameEl.dataset.action = 'preview';
  nameEl.addEventListener('click', () => openChat(offer.key));
  title.append(nameEl);
  if (offer.vip) title.append(vipMark());
  title.append(h('span', 'offer__meta', metaLine(offer)));
  top.append(title);
  li.append(top);

  const timer = h('div', 'offer__timer');
  timer.dataset.deadline = String(offer.deadline);
  timer.dataset.total = String(Math.max(1, offer.deadline - serverNow()));
  const bar = h('div', 'offer__bar');
  bar.append(h('div', 'offer__fill'));
  bar.setAttribute('aria-hidden', 'true');
  const count = h('span', 'offer__count');
  count.setAttribute('role', 'timer');
  count.setAttribute('aria-live', 'off');
  timer.append(bar, count);
  li.append(timer);

  const buttons = h('div', 'offer__buttons');
  const decline = h('button', 'btn btn--secondary btn--sm', t('decline'));
  decline.type = 'button';
  decline.dataset.action = 'decline';
  decline.setAttribute('aria-label', t('declineLabel', { name }));
  decline.addEventListener('click', () => declineOffer(offer.key));
  const accept = h('button', 'btn btn--accept btn--sm', t('accept'));
  accept.type = 'button';
  accept.dataset.action = 'accept';
  accept.setAttribute('aria-label', t('acceptLabel', { name }));
  accept.addEventListener('click', () => acceptOffer(offer.key));
  buttons.append(decline, accept);
  li.append(buttons);
  return li;
}

function cssId(key) {
  return String(key).replace(/[^a-zA-Z0-9_-]/g, '_');
}

async function acceptOffer(key) {
  const offer = state.offers.get(key);
  try {
    await api('POST', `/chats/${enc(key)}/accept`, {});
  } catch (err) {
    notify(t('error', { message: err.message }), 'error', true);
    await refreshChats();
    return;
  }
  state.offers.delete(key);
  state.announced.delete(key);
  announce(t('assignedToYou', { name: displayName(offer ?? { key }) }));
  await refreshChats();
  await openChat(key, { focusReply: true });
}

async function declineOffer(key) {
  try {
    await api('POST', `/chats/${enc(key)}/decline`, {});
  } catch (err) {
    reportError(err);
  }
  state.offers.delete(key);
  if (state.open?.key === key) closeChatView();
  renderOffers();
  await refreshChats();
  els.offerList.querySelector('[data-action="accept"]')?.focus() ?? els.myChats.querySelector('[data-action="open"]')?.focus() ?? checkedPresence()?.focus();
}

// ---------------------------------------------------------------------------------------------
// My chats

function renderMyChats() {
  const list = [...state.chats.values()];
  keepFocus(els.myChats, () => {
    els.myChats.replaceChildren();
    for (const item of list) els.myChats.append(chatRow(item));
  });
  els.mineCount.textContent = list.length ? String(list.length) : '';
  els.mineEmpty.hidden = list.length > 0;
  els.mineEmpty.textContent = state.me?.presence === 'online' ? t('noChatsOnline') : t('noChats');
  updateTitle();
}

function chatRow(item) {
  const li = h('li', 'chat-row');
  li.dataset.key = item.key;
  const button = h('button', 'chat-row__button');
  button.type = 'button';
  button.dataset.action = 'open';
  if (state.open?.key === item.key) button.setAttribute('aria-current', 'true');
  button.addEventListener('click', () => openChat(item.key, { focusReply: true }));
  button.append(customerAvatar(item, 'avatar--sm'));
  const main = h('span', 'chat-row__main');
  const top = h('span', 'chat-row__top');
  top.append(own('span', 'chat-row__name', displayName(item)));
  if (item.vip) top.append(vipMark());
  main.append(top);
  const sub = h('span', 'chat-row__meta', metaLine(item));
  main.append(sub);
  if (state.me?.agent.role === 'supervisor' && item.agentId && item.agentId !== state.me.agent.id) {
    main.append(h('span', 'chat-row__meta', t('assigned', { name: agentById(item.agentId)?.name ?? item.agentId })));
  }
  button.append(main);
  const unread = state.unread.get(item.key) ?? 0;
  if (unread) {
    const badge = h('span', 'unread', String(unread));
    badge.setAttribute('aria-label', t('unread', { n: unread }));
    button.append(badge);
  }
  li.append(button);
  return li;
}

// ---------------------------------------------------------------------------------------------
// Queue

function renderQueue() {
  const items = state.queue.items;
  keepFocus(els.queue, () => {
    els.queue.replaceChildren();
    for (const item of items) els.queue.append(queueRow(item));
  });
  els.queueCount.textContent = state.queue.length ? String(state.queue.length) : '';
  els.queueEmpty.hidden = items.length > 0;
}

function queueRow(item) {
  const li = h('li', 'queue-row');
  li.dataset.key = item.key;
  if (item.vip) li.classList.add('queue-row--vip');
  const head = h('div', 'queue-row__head');
  const name = own('span', 'queue-row__name', displayName(item));
  head.append(name);
  if (item.vip) head.append(vipMark());
  head.append(waitingTime(item.since));
  li.append(head);
  li.append(h('div', 'queue-row__meta', metaLine(item)));
  if (item.offeredTo) li.append(h('div', 'queue-row__meta', t('offered', { name: item.offeredTo === state.me?.agent.id ? t('you') : agentById(item.offeredTo)?.name ?? item.offeredTo })));
  if (item.state === 'queued') {
    const take = h('button', 'btn btn--secondary btn--sm queue-row__take', t('take'));
    take.type = 'button';
    take.dataset.action = 'take';
    take.setAttribute('aria-label', t('takeLabel', { name: displayName(item) }));
    take.disabled = state.me?.presence === 'offline';
    take.addEventListener('click', () => claim(item.key));
    li.append(take);
  }
  return li;
}

async function claim(key) {
  try {
    await api('POST', `/chats/${enc(key)}/claim`, {});
  } catch (err) {
    notify(t('error', { message: err.message }), 'error');
    await Promise.all([refreshQueue(), refreshChats()]);
    return;
  }
  await Promise.all([refreshQueue(), refreshChats()]);
  await openChat(key, { focusReply: true });
}

// ---------------------------------------------------------------------------------------------
// Ticking clocks and countdowns (one timer for the page)

const lastUrgent = new Map();

function tick() {
  const now = serverNow();
  for (const el of document.querySelectorAll('[data-since]')) {
    const value = el.querySelector('.ticker__value') ?? el;
    value.textContent = clock((now - Number(el.dataset.since)) / 1000);
  }
  for (const el of document.querySelectorAll('.offer__timer[data-deadline]')) {
    const left = Math.max(0, Number(el.dataset.deadline) - now);
    const seconds = Math.ceil(left / 1000);
    const count = el.querySelector('.offer__count');
    count.textContent = t('secondsLeft', { seconds });
    count.setAttribute('aria-label', t('secondsLeftLong', { seconds }));
    el.querySelector('.offer__fill').style.setProperty('--left', String(Math.min(1, left / Number(el.dataset.total))));
    el.classList.toggle('offer__timer--urgent', seconds <= 10);
  }
  // Screen readers hear the countdown once more near its end, not every second.
  for (const offer of state.offers.values()) {
    const seconds = Math.ceil((offer.deadline - now) / 1000);
    if (seconds <= 10 && seconds > 0 && !lastUrgent.has(offer.key)) {
      lastUrgent.set(offer.key, true);
      announce(t('offerSoon', { name: displayName(offer), seconds }), true);
    }
  }
  for (const key of lastUrgent.keys()) if (!state.offers.has(key)) lastUrgent.delete(key);
  if (state.open?.mode === 'offer') {
    const offer = state.offers.get(state.open.key);
    els.chatCountdown.textContent = offer ? t('secondsLeft', { seconds: Math.max(0, Math.ceil((offer.deadline - now) / 1000)) }) : '';
  }
  flashOn = state.offers.size > 0 && !flashOn;
  updateTitle();
}

setInterval(tick, 1000);

// ---------------------------------------------------------------------------------------------
// The chat on screen

function modeFor(key) {
  if (state.chats.has(key)) return 'owner';
  if (state.offers.has(key)) return 'offer';
  return undefined;
}

async function openChat(key, { focusReply = false, focus = true } = {}) {
  const same = state.open?.key === key;
  if (!same) {
    state.open = { key, mode: modeFor(key) ?? 'closed', context: undefined, notes: [], entries: new Map(), lastId: undefined };
    els.log.replaceChildren();
    els.notes.replaceChildren();
    clearFiles();
    els.reply.value = '';
    els.composerStatus.textContent = '';
  } else {
    state.open.mode = modeFor(key) ?? state.open.mode;
  }
  state.unread.delete(key);
  els.placeholder.hidden = true;
  els.chat.hidden = false;
  els.context.hidden = false;
  els.app.dataset.view = 'chat';
  els.app.dataset.chat = 'open';
  renderMyChats();
  renderChatHead();
  await reloadOpenChat();
  if (state.open?.key !== key || !focus) return;
  if (focusReply && state.open.mode === 'owner') els.reply.focus();
  else if (state.open.mode === 'offer') els.chatAccept.focus();
  else els.conversation.focus();
}

async function reloadOpenChat() {
  const open = state.open;
  if (!open || open.mode === 'closed') return;
  let packet;
  try {
    packet = await api('GET', `/chats/${enc(open.key)}`);
  } catch (err) {
    if (err.status === 403 || err.status === 404) return markOpenClosed();
    return reportError(err);
  }
  if (state.open !== open) return;
  open.context = packet;
  open.notes = packet?.notes ?? [];
  for (const entry of packet?.transcript ?? []) addEntry(entry);
  renderChatHead();
  renderContext();
  await catchUpTranscript();
}

async function catchUpTranscript() {
  const open = state.open;
  if (!open || open.mode === 'closed') return;
  const query = open.lastId ? `?after=${enc(open.lastId)}` : '';
  try {
    const data = await api('GET', `/chats/${enc(open.key)}/transcript${query}`);
    if (state.open !== open) return;
    for (const entry of data?.entries ?? []) addEntry(entry);
  } catch (err) {
    if (err.status === 403 || err.status === 404) return;
    reportError(err);
  }
}
const catchUpSoon = debounce(catchUpTranscript, 60);

function openItem() {
  const key = state.open?.key;
  return state.chats.get(key) ?? state.offers.get(key) ?? (state.open?.context && { key, customerName: state.open.context.customerName, reason: state.open.context.reason, language: state.open.context.language, channel: state.open.context.channel, vip: state.open.context.case?.vip });
}

function renderChatHead() {
  const open = state.open;
  if (!open) return;
  const item = openItem() ?? { key: open.key };
  const name = displayName(item);
  els.chatTitle.replaceChildren(own('span', '', name));
  if (item.vip) els.chatTitle.append(' ', vipMark());
  els.chatSub.textContent = metaLine(item);
  els.chatAvatar.replaceWith((els.chatAvatar = customerAvatar(item, 'avatar--md')));
  els.chatAvatar.id = 'chat-avatar';
  els.log.setAttribute('aria-label', t('conversationWith', { name }));
  els.replyLabel.textContent = t('replyTo', { name });
  const owner = open.mode === 'owner';
  els.chatActions.hidden = !owner;
  els.offerActions.hidden = open.mode !== 'offer';
  els.composer.hidden = !owner;
  els.locked.hidden = owner;
  els.locked.textContent = open.mode === 'offer' ? t('previewOnly') : t('closedChat');
  els.chatAccept.setAttribute('aria-label', t('acceptLabel', { name }));
  els.chatDecline.setAttribute('aria-label', t('declineLabel', { name }));
  els.details.setAttribute('aria-expanded', String(els.app.dataset.context === 'open'));
  tick();
}

function markOpenClosed() {
  if (!state.open) return;
  state.open.mode = 'closed';
  renderChatHead();
}

function closeChatView() {
  state.open = undefined;
  els.chat.hidden = true;
  els.context.hidden = true;
  els.placeholder.hidden = false;
  els.app.dataset.view = 'list';
  delete els.app.dataset.chat;
  delete els.app.dataset.context;
  renderMyChats();
}

/** After a chat left my hands: show the next one, or the list. */
function afterChatLeft() {
  closeChatView();
  const next = els.myChats.querySelector('[data-action="open"]') ?? els.offerList.querySelector('[data-action="accept"]');
  if (next) next.focus();
  else els.placeholderTitle.setAttribute('tabindex', '-1'), els.placeholderTitle.focus();
}

els.back.addEventListener('click', () => {
  const key = state.open?.key;
  els.app.dataset.view = 'list';
  delete els.app.dataset.context;
  const row = key && (els.myChats.querySelector(`[data-key="${CSS.escape(key)}"] button`) ?? els.offerList.querySelector(`[data-key="${CSS.escape(key)}"] button`));
  (row ?? checkedPresence())?.focus();
});

els.details.addEventListener('click', () => toggleContext());
els.contextClose.addEventListener('click', () => toggleContext(false));

function toggleContext(open = els.app.dataset.context !== 'open') {
  if (open) els.app.dataset.context = 'open';
  else delete els.app.dataset.context;
  els.details.setAttribute('aria-expanded', String(open));
  if (open) els.context.querySelector('h2')?.setAttribute('tabindex', '-1'), els.context.querySelector('h2')?.focus();
  else els.details.focus();
}

els.chatAccept.addEventListener('click', () => state.open && acceptOffer(state.open.key));
els.chatDecline.addEventListener('click', () => state.open && declineOffer(state.open.key));

// ---------------------------------------------------------------------------------------------
// Transcript entries

function roleOf(entry) {
  if (entry.role === 'agent') return 'agent';
  if (entry.role === 'customer' || entry.direction === 'in') return 'customer';
  return 'bot';
}

function addEntry(entry) {
  const open = state.open;
  if (!open || !entry || typeof entry.id !== 'string' || open.entries.has(entry.id)) return;
  open.entries.set(entry.id, entry);
  if (!open.lastId || compareIds(entry.id, open.lastId) > 0) open.lastId = entry.id;
  const stick = nearBottom();
  const el = buildEntry(entry);
  // In id order (a catch-up may deliver an older entry after a newer one).
  let before = null;
  for (const node of els.log.children) {
    if (node.dataset.entryId && compareIds(node.dataset.entryId, entry.id) > 0) {
      before = node;
      break;
    }
  }
  els.log.insertBefore(el, before);
  if (stick || roleOf(entry) === 'agent') els.log.scrollTop = els.log.scrollHeight;
}

function compareIds(a, b) {
  const [am = 0, as = 0] = String(a).split('-').map(Number);
  const [bm = 0, bs = 0] = String(b).split('-').map(Number);
  return am - bm || as - bs;
}

function nearBottom() {
  return els.log.scrollHeight - els.log.scrollTop - els.log.clientHeight < 80;
}

function buildEntry(entry) {
  const role = roleOf(entry);
  const el = h('article', `msg msg--${role}`);
  el.dataset.entryId = entry.id;
  el.dataset.role = role;
  const date = new Date(entry.timestamp);
  const valid = !Number.isNaN(date.getTime());
  const mine = role === 'agent' && entry.from?.id === state.me?.agent.id;
  if (mine) el.classList.add('msg--mine');

  let author;
  let avatar;
  if (role === 'customer') {
    const item = openItem() ?? {};
    author = realName(entry.from?.name) ?? displayName(item);
    avatar = customerAvatar({ key: state.open?.key, customerName: entry.from?.name || item.customerName }, 'avatar--sm');
  } else if (role === 'agent') {
    const agent = { ...agentById(entry.from?.id), ...entry.from };
    if (!entry.from?.avatarUrl) agent.avatarUrl = agentById(entry.from?.id)?.avatarUrl;
    author = agent.name || t('agent');
    avatar = agentAvatar(agent, 'avatar--sm');
  } else {
    author = t('bot');
    avatar = h('div', 'avatar avatar--bot avatar--sm');
    avatar.setAttribute('aria-hidden', 'true');
    avatar.innerHTML = '<svg viewBox="0 0 24 24" width="16" height="16" focusable="false"><rect x="4" y="7" width="16" height="12" rx="4" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 3v4M9 13h.01M15 13h.01" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>';
  }
  el.append(avatar);

  const body = h('div', 'msg__body');
  const meta = h('div', 'msg__meta');
  meta.append(own('span', 'msg__author', author));
  const badge = h('span', `badge badge--${role}`, role === 'customer' ? t('customer') : role === 'agent' ? (mine ? t('you') : t('agent')) : t('bot'));
  meta.append(badge);
  if (valid) {
    const time = h('time', 'msg__time', isToday(date) ? timeFormat.format(date) : dateTimeFormat.format(date));
    time.dateTime = date.toISOString();
    meta.append(time);
  }
  body.append(meta);

  const text = typeof entry.text === 'string' ? entry.text : '';
  if (text.trim()) {
    // Each message is its own bidi paragraph, in the direction of its own words.
    const bubble = own('div', 'msg__bubble');
    if (role === 'customer') {
      bubble.classList.add('msg__bubble--plain');
      bubble.textContent = stripBidiControls(text);
    } else {
      bubble.innerHTML = renderMarkdown(text);
    }
    body.append(bubble);
  }
  if (Array.isArray(entry.attachments) && entry.attachments.length) {
    const files = h('div', 'msg__files');
    for (const a of entry.attachments) {
      const url = safeLinkUrl(a?.contentUrl);
      // A file name is a link's label: a control in it shows, so "factuur\u202Efdp.exe" cannot pass for a PDF.
      const label = a?.name ? showBidiControls(a.name) : a?.contentType || t('attachment');
      if (url) {
        const link = h('a', 'file-chip', label);
        link.href = url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        files.append(link);
      } else files.append(h('span', 'file-chip', label));
    }
    body.append(files);
  }
  if (Array.isArray(entry.suggestedActions) && entry.suggestedActions.length) {
    const chips = h('div', 'msg__choices');
    for (const action of entry.suggestedActions) chips.append(h('span', 'choice', action.title));
    body.append(chips);
  }
  el.append(body);
  return el;
}

function isToday(date) {
  const now = new Date();
  return date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
}

function rerenderLog() {
  const open = state.open;
  if (!open) return;
  els.log.replaceChildren(...[...open.entries.values()].sort((a, b) => compareIds(a.id, b.id)).map(buildEntry));
  els.log.scrollTop = els.log.scrollHeight;
}

// ---------------------------------------------------------------------------------------------
// Context panel

function renderContext() {
  const packet = state.open?.context;
  if (!packet) return;
  const item = openItem() ?? {};
  els.facts.replaceChildren();
  const fact = (label, value) => {
    if (value === undefined || value === null || value === '') return;
    const wrap = h('div', 'facts__row');
    wrap.append(h('dt', '', label));
    const dd = h('dd', '');
    if (value instanceof Node) dd.append(value);
    else dd.textContent = String(value);
    wrap.append(dd);
    els.facts.append(wrap);
  };
  fact(t('reason'), t.map('reasons', packet.reason));
  fact(t('languageLabel'), t.map('languages', packet.language));
  fact(t('channel'), t.map('channels', packet.channel));
  if (packet.case?.queuedAt && state.open.mode !== 'owner') fact(t('waitingSince'), waitingTime(packet.case.queuedAt, { label: false }));
  // After a transfer the case "prefers" its new owner: that is not someone the customer spoke to before.
  if (packet.previousAgent && packet.previousAgent.id !== state.me?.agent.id && packet.reason !== 'transfer') {
    const who = h('span', 'facts__agent');
    who.append(agentAvatar(agentById(packet.previousAgent.id) ?? packet.previousAgent, 'avatar--xs'), own('span', '', packet.previousAgent.name));
    fact(t('previousAgent'), who);
  }
  if (item.vip) fact(t('vip'), '★');

  els.collected.replaceChildren();
  const collected = Object.entries(packet.collected ?? {});
  if (collected.length === 0) {
    els.collected.append(h('div', 'side__empty', t('nothingCollected')));
  } else {
    for (const [key, value] of collected) {
      const row = h('div', 'facts__row');
      row.append(h('dt', '', humanKey(key)), own('dd', 'facts__value', value));
      els.collected.append(row);
    }
  }

  els.noteSection.hidden = !packet.note;
  els.transferNoteText.textContent = stripBidiControls(packet.note ?? '');
  els.transferNoteText.dir = 'auto';

  els.earlier.replaceChildren();
  const earlier = packet.earlierConversations ?? [];
  if (earlier.length === 0) els.earlier.append(h('p', 'side__empty', t('noEarlier')));
  for (const { entry, lastLines } of earlier) {
    const details = h('details', 'earlier');
    const summary = h('summary', '');
    const when = new Date(entry.closedAt);
    summary.append(h('span', '', t('earlierItem', { date: Number.isNaN(when.getTime()) ? '' : dateTimeFormat.format(when), how: t.map('how', entry.how) })));
    if (entry.agentId) summary.append(h('span', 'earlier__who', t('earlierWith', { name: agentById(entry.agentId)?.name ?? entry.agentId })));
    details.append(summary);
    const lines = h('ol', 'earlier__lines');
    for (const line of lastLines ?? []) {
      const li = h('li', `earlier__line earlier__line--${roleOf(line)}`);
      li.append(h('span', 'earlier__role', roleOf(line) === 'customer' ? t('customer') : roleOf(line) === 'agent' ? line.from?.name ?? t('agent') : t('bot')));
      li.append(own('span', '', line.text ?? ''));
      lines.append(li);
    }
    details.append(lines);
    els.earlier.append(details);
  }

  els.identities.replaceChildren();
  const others = packet.otherIdentities ?? [];
  if (others.length === 0) els.identities.append(h('li', 'side__empty', t('noIdentities')));
  for (const id of others) {
    const [channel, ...rest] = String(id).split(':');
    const li = h('li', 'identity');
    li.append(h('span', 'identity__channel', t.map('channels', channel)), h('span', 'identity__id', rest.join(':')));
    els.identities.append(li);
  }
  renderNotes();
}

function humanKey(key) {
  const spaced = String(key).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

function renderNotes() {
  const notes = state.open?.notes ?? [];
  els.notes.replaceChildren();
  if (notes.length === 0) els.notes.append(h('li', 'side__empty', t('noNotes')));
  for (const note of notes) {
    const li = h('li', 'note');
    const meta = h('div', 'note__meta');
    meta.append(agentAvatar(agentById(note.agentId) ?? { id: note.agentId, name: note.agentName }, 'avatar--xs'));
    meta.append(h('span', 'note__author', note.agentName ?? note.agentId));
    const when = new Date(note.at);
    if (!Number.isNaN(when.getTime())) {
      const time = h('time', 'note__time', isToday(when) ? timeFormat.format(when) : dateTimeFormat.format(when));
      time.dateTime = when.toISOString();
      meta.append(time);
    }
    li.append(meta, own('p', 'note__text', note.text));
    els.notes.append(li);
  }
}

els.noteForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const open = state.open;
  const text = els.noteInput.value.trim();
  if (!open || !text) return;
  try {
    const data = await api('POST', `/chats/${enc(open.key)}/notes`, { text });
    if (data?.note && !open.notes.some((n) => n.id === data.note.id)) open.notes.push(data.note);
    els.noteInput.value = '';
    if (state.open === open) renderNotes();
    announce(t('noteAdded'));
  } catch (err) {
    reportError(err);
  }
});

// ---------------------------------------------------------------------------------------------
// Replying

els.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  void sendReply();
});

els.reply.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    void sendReply();
  } else if (event.key === '/' && els.reply.value === '') {
    // "/" in an empty box: pick a canned reply.
    event.preventDefault();
    void openCanned();
  }
});

els.reply.addEventListener('input', () => {
  els.reply.style.height = 'auto';
  els.reply.style.height = `${Math.min(els.reply.scrollHeight, 200)}px`;
});

let sending = false;

async function sendReply() {
  const open = state.open;
  if (!open || open.mode !== 'owner' || sending) return;
  const text = els.reply.value.trim();
  const files = pendingFiles.filter((f) => f.uploaded);
  if (!text && files.length === 0) return;
  if (pendingFiles.some((f) => !f.uploaded && !f.failed)) return;
  sending = true;
  els.send.disabled = true;
  els.composerStatus.textContent = t('sending');
  const body = {};
  if (text) body.text = text;
  if (files.length) body.attachments = files.map((f) => f.uploaded);
  els.reply.value = '';
  els.reply.style.height = '';
  try {
    const data = await api('POST', `/chats/${enc(open.key)}/messages`, body);
    if (data?.entry && state.open === open) addEntry(data.entry);
    clearFiles();
    els.composerStatus.textContent = '';
  } catch (err) {
    if (state.open === open && !els.reply.value) els.reply.value = text;
    els.composerStatus.textContent = t('sendFailed', { message: err.message });
  } finally {
    sending = false;
    els.send.disabled = false;
    if (state.open === open) els.reply.focus();
  }
  if (state.open === open) void catchUpTranscript();
}

// ---------------------------------------------------------------------------------------------
// Attachments: uploaded at once, sent with the next reply

let pendingFiles = [];

function clearFiles() {
  pendingFiles = [];
  renderFiles();
}

function renderFiles() {
  els.composerFiles.replaceChildren();
  for (const file of pendingFiles) {
    const li = h('li', `file-chip file-chip--pending${file.failed ? ' file-chip--failed' : ''}`);
    li.append(h('span', '', file.failed ? t('uploadFailed', { name: file.name, message: file.failed }) : file.uploaded ? file.name : t('attaching', { name: file.name })));
    const remove = h('button', 'file-chip__remove', '×');
    remove.type = 'button';
    remove.setAttribute('aria-label', t('removeAttachment', { name: file.name }));
    remove.addEventListener('click', () => {
      pendingFiles = pendingFiles.filter((f) => f !== file);
      renderFiles();
      els.reply.focus();
    });
    li.append(remove);
    els.composerFiles.append(li);
  }
  els.composerFiles.hidden = pendingFiles.length === 0;
}

els.file.addEventListener('change', async () => {
  const chosen = [...(els.file.files ?? [])];
  els.file.value = '';
  for (const file of chosen) {
    const item = { name: file.name, uploaded: undefined, failed: undefined };
    if (file.size > MAX_UPLOAD) {
      item.failed = t('tooLarge', { name: file.name });
      pendingFiles.push(item);
      continue;
    }
    pendingFiles.push(item);
    renderFiles();
    try {
      const data = await api('POST', '/uploads', undefined, {
        raw: file,
        headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-Filename': encodeURIComponent(file.name) },
      });
      item.uploaded = { contentUrl: data.contentUrl, contentType: data.contentType, name: data.name ?? file.name };
      announce(t('attached', { name: file.name }));
    } catch (err) {
      item.failed = err.message;
      announce(t('uploadFailed', { name: file.name, message: err.message }), true);
    }
    renderFiles();
  }
  renderFiles();
  els.reply.focus();
});

// ---------------------------------------------------------------------------------------------
// Canned replies

async function cannedFor(language) {
  if (state.canned.has(language)) return state.canned.get(language);
  try {
    const data = await api('GET', `/canned?lang=${enc(language)}`);
    const replies = data?.replies ?? [];
    state.canned.set(language, replies);
    return replies;
  } catch (err) {
    reportError(err);
    return [];
  }
}

function fillPlaceholders(text) {
  const item = openItem() ?? {};
  const values = { customerName: realName(item.customerName) ?? '', agentName: firstName(state.me?.agent.name) };
  return String(text)
    .replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name) => (name in values ? values[name] : whole))
    // "Hoi {{customerName}}," without a name: "Hoi,"
    .replace(/[ \t]+([,.!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

let cannedReplies = [];
let cannedActive = 0;

async function openCanned() {
  if (!state.open || state.open.mode !== 'owner') return;
  const language = state.open.context?.language ?? openItem()?.language ?? lang;
  cannedReplies = await cannedFor(language);
  els.cannedFilter.value = '';
  els.cannedEmpty.textContent = cannedReplies.length ? t('cannedNone') : t('cannedEmpty', { lang: language });
  renderCanned();
  els.cannedDialog.showModal();
  els.cannedFilter.focus();
}

function visibleCanned() {
  const q = els.cannedFilter.value.trim().toLowerCase();
  return cannedReplies.filter((r) => !q || `${r.title} ${r.text}`.toLowerCase().includes(q));
}

function renderCanned() {
  const list = visibleCanned();
  cannedActive = Math.min(cannedActive, Math.max(0, list.length - 1));
  els.cannedList.replaceChildren();
  list.forEach((reply, i) => {
    const li = h('li', 'canned__item');
    li.id = `canned-${i}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(i === cannedActive));
    li.append(h('span', 'canned__title', reply.title), h('span', 'canned__text', fillPlaceholders(reply.text)));
    li.addEventListener('click', () => useCanned(reply));
    els.cannedList.append(li);
  });
  els.cannedEmpty.hidden = list.length > 0;
  if (list.length) els.cannedFilter.setAttribute('aria-activedescendant', `canned-${cannedActive}`);
  else els.cannedFilter.removeAttribute('aria-activedescendant');
  els.cannedList.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
}

function useCanned(reply) {
  const text = fillPlaceholders(reply.text);
  els.cannedDialog.close();
  const box = els.reply;
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? box.value.length;
  box.value = box.value.slice(0, start) + text + box.value.slice(end);
  box.focus();
  box.selectionStart = box.selectionEnd = start + text.length;
  box.dispatchEvent(new Event('input'));
}

els.cannedButton.addEventListener('click', () => void openCanned());
els.cannedFilter.addEventListener('input', () => {
  cannedActive = 0;
  renderCanned();
});
els.cannedFilter.addEventListener('keydown', (event) => {
  const list = visibleCanned();
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    if (!list.length) return;
    cannedActive = (cannedActive + (event.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length;
    renderCanned();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    if (list[cannedActive]) useCanned(list[cannedActive]);
  }
});
els.cannedDialog.addEventListener('close', () => {
  if (document.activeElement === document.body || !document.activeElement) els.reply.focus();
});

// ---------------------------------------------------------------------------------------------
// Transfer, hand back, resolve

for (const dialog of [els.transferDialog, els.confirmDialog, els.cannedDialog]) {
  for (const button of dialog.querySelectorAll('[data-close]')) button.addEventListener('click', () => dialog.close('cancel'));
  // A click on the backdrop closes, like Escape.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close('cancel');
  });
}

els.transfer.addEventListener('click', async () => {
  await refreshAgents();
  els.transferTo.replaceChildren();
  const queueOption = h('option', '', t('transferQueue'));
  queueOption.value = '';
  els.transferTo.append(queueOption);
  const order = { online: 0, away: 1, offline: 2 };
  const others = state.agents.filter((a) => a.id !== state.me?.agent.id).sort((a, b) => (order[a.presence] ?? 3) - (order[b.presence] ?? 3) || a.name.localeCompare(b.name));
  for (const agent of others) {
    const option = h('option', '', t('agentOption', { name: agent.name, presence: t(agent.presence ?? 'offline'), load: agent.load ?? 0, max: agent.maxChats }));
    option.value = agent.id;
    els.transferTo.append(option);
  }
  const firstOnline = others.find((a) => a.presence === 'online' && (a.load ?? 0) < a.maxChats);
  els.transferTo.value = firstOnline?.id ?? '';
  els.transferNote.value = '';
  els.transferError.textContent = '';
  els.transferDialog.showModal();
  els.transferTo.focus();
});

els.transferForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const open = state.open;
  if (!open) return els.transferDialog.close();
  const body = {};
  if (els.transferTo.value) body.toAgentId = els.transferTo.value;
  if (els.transferNote.value.trim()) body.note = els.transferNote.value.trim();
  const name = displayName(openItem() ?? { key: open.key });
  try {
    await api('POST', `/chats/${enc(open.key)}/transfer`, body);
  } catch (err) {
    els.transferError.textContent = t('error', { message: err.message });
    return;
  }
  els.transferDialog.close('ok');
  notify(t('transferDone', { name }));
  state.chats.delete(open.key);
  afterChatLeft();
  await refreshChats();
});

let confirmAction;

function confirmThen(titleKey, textKey, okKey, action) {
  const name = displayName(openItem() ?? { key: state.open?.key });
  els.confirmTitle.textContent = t(titleKey);
  els.confirmText.textContent = t(textKey, { name });
  els.confirmOk.textContent = t(okKey);
  els.confirmError.textContent = '';
  confirmAction = action;
  els.confirmDialog.showModal();
  els.confirmOk.focus();
}

els.confirmForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const action = confirmAction;
  if (!action) return els.confirmDialog.close();
  try {
    await action();
  } catch (err) {
    els.confirmError.textContent = t('error', { message: err.message });
    return;
  }
  confirmAction = undefined;
  els.confirmDialog.close('ok');
});

function release(path, doneKey) {
  return async () => {
    const open = state.open;
    if (!open) return;
    const name = displayName(openItem() ?? { key: open.key });
    await api('POST', `/chats/${enc(open.key)}/${path}`, {});
    notify(t(doneKey, { name }));
    state.chats.delete(open.key);
    state.unread.delete(open.key);
    // The dialog closes first, so focus lands where afterChatLeft puts it.
    setTimeout(afterChatLeft, 0);
    void refreshChats();
  };
}

els.resolve.addEventListener('click', () => confirmThen('confirmResolveTitle', 'confirmResolveText', 'resolve', release('resolve', 'resolved')));
els.handBack.addEventListener('click', () => confirmThen('confirmHandBackTitle', 'confirmHandBackText', 'handBack', release('hand-back', 'handedBack')));

// ---------------------------------------------------------------------------------------------
// Live events

let source;
let failures = 0;
let reconnectTimer;
let bannerTimer;

function setConnected(connected) {
  if (connected) {
    clearTimeout(bannerTimer);
    bannerTimer = undefined;
    els.banner.hidden = true;
    return;
  }
  if (!els.banner.hidden || bannerTimer) return;
  bannerTimer = setTimeout(() => {
    bannerTimer = undefined;
    els.bannerText.textContent = t('reconnecting');
    els.banner.hidden = false;
  }, BANNER_DELAY_MS);
}

function closeEvents() {
  clearTimeout(reconnectTimer);
  source?.close();
  source = undefined;
}

function openEvents() {
  closeEvents();
  const es = new EventSource(`${API}/events`);
  source = es;
  es.addEventListener('ready', () => {
    if (source !== es) return;
    const again = failures > 0 || es.wasOpen;
    es.wasOpen = true;
    failures = 0;
    setConnected(true);
    // Whatever happened while we were away: fetch it all again.
    if (again) void refreshAll();
  });
  // The session ended (signed out on another device, expired): back to the sign-in form.
  es.addEventListener('signed-out', () => {
    if (source !== es) return;
    closeEvents();
    if (state.me) sessionEnded();
  });
  es.addEventListener('message', (event) => {
    if (source !== es) return;
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    onDeskEvent(data);
  });
  es.addEventListener('error', () => {
    if (source !== es) return;
    setConnected(false);
    if (es.readyState === EventSource.CONNECTING) {
      // The browser retries by itself; the next `ready` refreshes everything.
      es.wasOpen = true;
      return;
    }
    // CLOSED: refused (signed out?) or an error page. Find out which, then try again.
    closeEvents();
    failures++;
    reconnectTimer = setTimeout(async () => {
      try {
        await api('GET', '/me');
      } catch (err) {
        if (err.status === 401) return;
      }
      if (state.me) {
        openEvents();
        source.wasOpen = true;
      }
    }, Math.min(15000, 500 * 2 ** Math.min(failures, 5)));
  });
}

function onDeskEvent(event) {
  const me = state.me?.agent.id;
  switch (event?.type) {
    case 'offer':
      refreshChatsSoon();
      refreshQueueSoon();
      break;
    case 'offer-withdrawn': {
      const offer = state.offers.get(event.key);
      if (offer && event.agentId === me) notify(t('offerGone', { name: displayName(offer), why: event.why }), 'warn', true);
      if (state.open?.key === event.key && state.open.mode === 'offer') markOpenClosed();
      refreshChatsSoon();
      break;
    }
    case 'assigned':
      refreshChatsSoon();
      break;
    case 'closed': {
      const item = state.chats.get(event.key);
      if (item && event.agentId === me && state.open?.key !== event.key) notify(t('chatClosed', { name: displayName(item), how: t.map('how', event.how) }));
      if (state.open?.key === event.key && event.agentId === me) {
        if (state.open.mode === 'owner' && state.chats.has(event.key)) notify(t('chatClosed', { name: displayName(item), how: t.map('how', event.how) }));
        markOpenClosed();
      }
      state.chats.delete(event.key);
      refreshChatsSoon();
      break;
    }
    case 'customer-message': {
      const mine = state.chats.has(event.key) || state.offers.has(event.key);
      if (!mine) {
        refreshQueueSoon();
        break;
      }
      const item = state.chats.get(event.key) ?? state.offers.get(event.key);
      if (state.open?.key === event.key) {
        catchUpSoon();
        if (document.hidden) bumpUnread(event.key);
        if (event.text) announce(t('newMessageFrom', { name: displayName(item), text: event.text }));
      } else {
        bumpUnread(event.key);
        announce(t('newMessageIn', { name: displayName(item) }));
      }
      break;
    }
    case 'agent-message':
      if (state.open?.key === event.key) catchUpSoon();
      break;
    case 'queue-changed':
    case 'opened':
      refreshQueueSoon();
      break;
    case 'transferred':
      if (event.toAgentId === me || event.fromAgentId === me) refreshChatsSoon();
      refreshQueueSoon();
      break;
    case 'presence':
      if (event.agentId === me && state.me) {
        if (state.me.presence !== event.presence && event.why) notify(t('presenceWhy', { presence: t(event.presence), why: event.why }), 'warn', true);
        state.me.presence = event.presence;
        renderPresence();
      }
      void refreshAgents();
      break;
    case 'agent-idle': {
      if (event.agentId !== me) break;
      const item = state.chats.get(event.key);
      if (item) notify(t('agentIdle', { name: displayName(item), minutes: Math.round(event.waitingSeconds / 60) }), 'warn');
      break;
    }
    default:
      break;
  }
}

function bumpUnread(key) {
  state.unread.set(key, (state.unread.get(key) ?? 0) + 1);
  renderMyChats();
}

// Back in the tab: what was unread in the open chat is read now.
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && state.open) {
    state.unread.delete(state.open.key);
    renderMyChats();
  }
});

// ---------------------------------------------------------------------------------------------
// Everything again (language switch)

function renderAll() {
  renderMe();
  renderPresence();
  renderOffers();
  renderMyChats();
  renderQueue();
  if (state.open) {
    renderChatHead();
    renderContext();
    rerenderLog();
  }
}

for (const select of document.querySelectorAll('.lang-select')) {
  select.addEventListener('change', () => setLanguage(select.value, true));
}

setLanguage(lang, false);
void boot();
