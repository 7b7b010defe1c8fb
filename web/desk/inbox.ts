// "Questions the bot couldn't answer" (issue #14): the listening inbox, for supervisors (and agents
// when balie.yaml allows). Each row offers the closest FAQ entries, adding it as a phrasing of any
// entry, a new entry, or ignoring it. The server checks what is taught with the check:faq rules
// and says why when it refuses. Everything here is built by this file: the page's HTML has no part.

import { h, own } from '../shared/dom.js';
import { api, apiError, enc } from './api.js';
import { loadHelpfulness, renderHelpfulness } from './helpfulness.js';
import { lang, shortWhen, t } from './lang.js';
import { state } from './state.js';
import { draftsSection, reloadDrafts, renderDrafts } from './teach-drafts-inbox.js';

interface Suggestion {
  entryId: string;
  question: string;
  score: number;
}

interface Question {
  id: string;
  text: string;
  language: string;
  count: number;
  channels: string[];
  lastAt: number;
  phrasings: string[];
  suggestions: Suggestion[];
}

interface Inbox {
  questions: Question[];
  languages: string[];
  entries: Record<string, { id: string; question: string }[]>;
}

let button: HTMLButtonElement | undefined;
let dialog: HTMLDialogElement | undefined;
let list: HTMLUListElement | undefined;
let empty: HTMLParagraphElement | undefined;
let helpfulness: HTMLElement | undefined;
let inbox: Inbox | undefined;

/** After sign-in: shows the button when this agent may see the inbox (GET /me says so). */
export async function initInbox(): Promise<void> {
  if (!state.me?.mayTeach) {
    button?.remove();
    button = undefined;
    return;
  }
  try {
    inbox = await api<Inbox>('GET', '/unanswered');
  } catch {
    return;
  }
  await loadHelpfulness();
  build();
}

function build(): void {
  if (!button) {
    button = h('button', 'btn btn--ghost btn--sm inbox-open');
    button.type = 'button';
    button.id = 'inbox-open';
    button.setAttribute('aria-haspopup', 'dialog');
    button.addEventListener('click', () => void open());
    const end = document.querySelector('.topbar__end');
    end?.insertBefore(button, end.querySelector('#me'));
  }
  if (!dialog) {
    dialog = h('dialog', 'dialog dialog--inbox');
    dialog.id = 'inbox-dialog';
    dialog.setAttribute('aria-labelledby', 'inbox-title');
    const form = h('div', 'dialog__form');
    const title = h('h2', 'dialog__title', t('inboxTitle'));
    title.id = 'inbox-title';
    list = h('ul', 'inbox-list');
    empty = h('p', 'side__empty', t('inboxEmpty'));
    const buttons = h('div', 'dialog__buttons');
    const close = h('button', 'btn btn--ghost', t('close'));
    close.type = 'button';
    close.addEventListener('click', () => dialog?.close());
    buttons.append(close);
    helpfulness = h('section', 'helpfulness');
    form.append(
      title,
      draftsSection(() => void reload()),
      list,
      empty,
      helpfulness,
      buttons,
    );
    dialog.append(form);
    document.body.append(dialog);
  }
  renderInbox();
}

async function open(): Promise<void> {
  await reload();
  dialog?.showModal();
}

async function reload(): Promise<void> {
  const drafting = reloadDrafts();
  try {
    inbox = await api<Inbox>('GET', '/unanswered');
  } catch {
    // Kept as it was; the next open tries again.
  }
  await drafting;
  await loadHelpfulness();
  renderInbox();
}

/** Everything again (also after a language switch). */
export function renderInbox(): void {
  if (!button || !list || !empty || !dialog || !inbox) return;
  const count = inbox.questions.length;
  button.textContent = count ? t('inboxOpenCount', { count }) : t('inboxOpen');
  dialog.querySelector('#inbox-title')!.textContent = t('inboxTitle');
  empty.textContent = t('inboxEmpty');
  empty.hidden = count > 0;
  list.replaceChildren(...inbox.questions.map(row));
  renderDrafts();
  if (helpfulness) renderHelpfulness(helpfulness, questionOf);
}

/** An FAQ entry's first question, in the console's language when the FAQ has it. */
function questionOf(entryId: string): string | undefined {
  for (const language of [lang, ...(inbox?.languages ?? [])]) {
    const entry = inbox?.entries[language]?.find((e) => e.id === entryId);
    if (entry) return entry.question;
  }
  return undefined;
}

function row(q: Question): HTMLLIElement {
  const li = h('li', 'inbox-row');
  li.dataset.id = q.id;
  const head = h('div', 'inbox-row__head');
  const text = own('p', 'inbox-row__text', q.text);
  const count = h('span', 'inbox-row__count', t('inboxAsked', { count: q.count }));
  head.append(text, count);
  const meta = h('p', 'inbox-row__meta', `${q.language.toUpperCase()} · ${q.channels.join(', ')} · ${t('inboxLast', { when: shortWhen(new Date(q.lastAt)) })}`);
  li.append(head, meta);
  if (q.phrasings.length) li.append(own('p', 'inbox-row__also', t('inboxAlso', { phrasings: q.phrasings.map((p) => `“${p}”`).join(', ') })));

  const status = h('p', 'inbox-row__status');
  status.setAttribute('role', 'alert');

  if (q.suggestions.length) {
    const sugg = h('div', 'inbox-row__suggestions');
    sugg.append(h('span', 'inbox-row__label', t('inboxSuggestions')));
    for (const s of q.suggestions) {
      const b = h('button', 'btn btn--secondary btn--sm', t('inboxAddTo', { question: s.question }));
      b.type = 'button';
      b.title = s.entryId;
      b.addEventListener('click', () => void teach(q, status, `/unanswered/${enc(q.id)}/phrasing`, { entryId: s.entryId }));
      sugg.append(b);
    }
    li.append(sugg);
  }

  const pick = h('div', 'inbox-row__pick');
  const label = h('label', 'visually-hidden', t('inboxEntryPick'));
  const select = h('select', 'field__input inbox-row__select');
  select.id = label.htmlFor = `inbox-entry-${q.id}`;
  for (const e of inbox?.entries[q.language] ?? []) {
    const option = h('option', undefined, `${e.question} (${e.id})`);
    option.value = e.id;
    select.append(option);
  }
  const add = h('button', 'btn btn--primary btn--sm', t('inboxAddAs'));
  add.type = 'button';
  add.addEventListener('click', () => void teach(q, status, `/unanswered/${enc(q.id)}/phrasing`, { entryId: select.value }));
  const fresh = h('button', 'btn btn--secondary btn--sm', t('inboxNewEntry'));
  fresh.type = 'button';
  fresh.setAttribute('aria-expanded', 'false');
  const ignore = h('button', 'btn btn--ghost btn--sm', t('inboxIgnore'));
  ignore.type = 'button';
  ignore.addEventListener('click', () => void teach(q, status, `/unanswered/${enc(q.id)}/ignore`, {}));
  pick.append(label, select, add, fresh, ignore);
  li.append(pick);

  const form = newEntryForm(q, status);
  form.hidden = true;
  fresh.addEventListener('click', () => {
    form.hidden = !form.hidden;
    fresh.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) form.querySelector<HTMLInputElement>('input')?.focus();
  });
  li.append(form, status);
  return li;
}

function newEntryForm(q: Question, status: HTMLElement): HTMLFormElement {
  const form = h('form', 'inbox-entry');
  const field = (labelText: string, input: HTMLInputElement | HTMLTextAreaElement, name: string) => {
    const label = h('label', 'field__label', labelText);
    input.className = 'field__input';
    input.name = name;
    input.id = label.htmlFor = `inbox-${q.id}-${name}`;
    form.append(label, input);
  };
  const id = h('input');
  id.required = true;
  id.pattern = '[a-z0-9]+(-[a-z0-9]+)*';
  id.placeholder = 'bike-repair';
  field(t('inboxNewId'), id, 'id');
  // The row's language first: its question is already written.
  const languages = [q.language, ...(inbox?.languages ?? []).filter((l) => l !== q.language)];
  for (const language of languages) {
    const question = h('input');
    question.required = true;
    if (language === q.language) question.value = q.text;
    field(t('inboxQuestion', { lang: language.toUpperCase() }), question, `question-${language}`);
    const answer = h('textarea');
    answer.required = true;
    answer.rows = 3;
    field(t('inboxAnswer', { lang: language.toUpperCase() }), answer, `answer-${language}`);
  }
  const save = h('button', 'btn btn--primary btn--sm', t('inboxSave'));
  save.type = 'submit';
  form.append(save);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const texts = Object.fromEntries(languages.map((l) => [l, { question: String(data.get(`question-${l}`) ?? ''), answer: String(data.get(`answer-${l}`) ?? '') }]));
    void teach(q, status, `/unanswered/${enc(q.id)}/entry`, { id: String(data.get('id') ?? ''), texts });
  });
  return form;
}

async function teach(q: Question, status: HTMLElement, path: string, body: object): Promise<void> {
  status.textContent = '';
  try {
    await api('POST', path, body);
  } catch (thrown) {
    const err = apiError(thrown);
    status.textContent = err.status === 409 || err.status === 400 ? t('inboxRejected', { message: err.message }) : t('error', { message: err.message });
    return;
  }
  if (inbox) inbox.questions = inbox.questions.filter((x) => x.id !== q.id);
  renderInbox();
  button?.focus();
  void reload();
}
