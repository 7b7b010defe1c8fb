// "Drafts from agents" (issue #14 part 3), a section of the inbox dialog for supervisors: what agents
// proposed after resolving a chat the bot did not understand. Each can be edited (the entry, the
// question, the languages the agent did not write) and accepted through the server's teaching
// checks, or rejected.

import { h, own } from '../shared/dom.js';
import { api, apiError, enc } from './api.js';
import { shortWhen, t } from './lang.js';
import { notify } from './notify.js';
import { agentById } from './people.js';
import { state } from './state.js';

type Texts = Record<string, { question: string; answer: string }>;

interface Draft {
  id: string;
  language: string;
  question: string;
  reply: string;
  teaching: { kind: 'phrasing'; entryId: string; question: string } | { kind: 'entry'; entryId: string; texts: Texts };
  missing: string[];
  by: string;
  at: number;
}

interface Drafts {
  drafts: Draft[];
  languages: string[];
  entries: Record<string, { id: string; question: string }[]>;
}

let section: HTMLElement | undefined;
let drafts: Drafts | undefined;
let changed: () => void = () => {};

/** The section, once; empty and hidden for agents. `onChange` runs after a draft is decided (the inbox reloads). */
export function draftsSection(onChange: () => void): HTMLElement {
  changed = onChange;
  section ??= h('section', 'drafts');
  section.setAttribute('aria-labelledby', 'drafts-title');
  return section;
}

/** Reads the drafts again (supervisors only) and draws them. */
export async function reloadDrafts(): Promise<void> {
  if (state.me?.agent.role !== 'supervisor') return renderDrafts();
  try {
    drafts = await api<Drafts>('GET', '/teach-drafts');
  } catch {
    // Kept as it was; the next open tries again.
  }
  renderDrafts();
}

export function renderDrafts(): void {
  if (!section) return;
  section.hidden = state.me?.agent.role !== 'supervisor' || !drafts;
  if (section.hidden || !drafts) return;
  const title = h('h3', 'drafts__title', t('tdDraftsTitle'));
  title.id = 'drafts-title';
  const list = h('ul', 'inbox-list drafts__list');
  list.append(...drafts.drafts.map(card));
  const empty = h('p', 'side__empty', t('tdDraftsEmpty'));
  empty.hidden = drafts.drafts.length > 0;
  section.replaceChildren(title, empty, list);
}

function input(form: HTMLElement, id: string, labelText: string, el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value = ''): void {
  const label = h('label', 'field__label', labelText);
  el.className = 'field__input';
  el.id = label.htmlFor = id;
  el.value = value;
  form.append(label, el);
}

function card(d: Draft): HTMLLIElement {
  const li = h('li', 'inbox-row draft');
  li.dataset.id = d.id;
  const name = agentById(d.by)?.name ?? d.by;
  li.append(own('p', 'inbox-row__text', d.question));
  li.append(h('p', 'inbox-row__meta', t('tdDraftBy', { name, lang: d.language.toUpperCase(), when: shortWhen(new Date(d.at)) })));
  if (d.reply) li.append(own('p', 'inbox-row__also', t('tdDraftReply', { reply: d.reply })));

  const form = h('form', 'inbox-entry draft__form');
  const was = d.teaching;
  const get: (() => object)[] = [];
  if (was.kind === 'phrasing') {
    form.append(h('p', 'drafts__kind', t('tdDraftPhrasing')));
    const select = h('select');
    input(form, `draft-${d.id}-entry`, t('tdEntry'), select);
    for (const e of drafts?.entries[d.language] ?? []) select.append(new Option(`${e.question} (${e.id})`, e.id));
    select.value = was.entryId;
    const question = h('input');
    input(form, `draft-${d.id}-question`, t('inboxQuestion', { lang: d.language.toUpperCase() }), question, was.question);
    get.push(() => ({ entryId: select.value, question: question.value.trim() }));
  } else {
    form.append(h('p', 'drafts__kind', t('tdDraftEntry', { id: was.entryId })));
    const id = h('input');
    input(form, `draft-${d.id}-id`, t('inboxNewId'), id, was.entryId);
    // The draft's own language first; the missing ones are marked for the supervisor to write.
    const languages = [d.language, ...(drafts?.languages ?? []).filter((l) => l !== d.language)];
    const fields = languages.map((l) => {
      const missing = d.missing.includes(l) ? ` · ${t('tdMissing')}` : '';
      const question = h('input');
      question.required = true;
      input(form, `draft-${d.id}-question-${l}`, `${t('inboxQuestion', { lang: l.toUpperCase() })}${missing}`, question, was.texts[l]?.question);
      const answer = h('textarea');
      answer.rows = 3;
      answer.required = true;
      input(form, `draft-${d.id}-answer-${l}`, `${t('inboxAnswer', { lang: l.toUpperCase() })}${missing}`, answer, was.texts[l]?.answer);
      return [l, question, answer] as const;
    });
    get.push(() => ({ entryId: id.value.trim(), texts: Object.fromEntries(fields.map(([l, q, a]) => [l, { question: q.value.trim(), answer: a.value.trim() }])) }));
  }
  const status = h('p', 'inbox-row__status');
  status.setAttribute('role', 'alert');
  const buttons = h('div', 'inbox-row__pick');
  const accept = h('button', 'btn btn--primary btn--sm', t('tdAccept'));
  accept.type = 'submit';
  const reject = h('button', 'btn btn--ghost btn--sm', t('tdReject'));
  reject.type = 'button';
  reject.addEventListener('click', () => void decide(d, status, 'reject', {}));
  buttons.append(accept, reject);
  form.append(buttons);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void decide(d, status, 'accept', Object.assign({}, ...get.map((g) => g())), name);
  });
  li.append(form, status);
  return li;
}

async function decide(d: Draft, status: HTMLElement, how: 'accept' | 'reject', body: object, name?: string): Promise<void> {
  status.textContent = '';
  try {
    await api('POST', `/teach-drafts/${enc(d.id)}/${how}`, body);
  } catch (thrown) {
    const err = apiError(thrown);
    status.textContent = err.status === 409 || err.status === 400 ? t('inboxRejected', { message: err.message }) : t('error', { message: err.message });
    return;
  }
  if (drafts) drafts.drafts = drafts.drafts.filter((x) => x.id !== d.id);
  if (how === 'accept') notify(t('tdAccepted', { name }));
  renderDrafts();
  changed();
}
