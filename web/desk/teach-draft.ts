// "Should the bot answer this next time?" (issue #14 part 3). After an agent resolves a chat the bot
// did not understand, the server prefills the customer's question (masked) and the agent's reply;
// the agent edits them and proposes a phrasing of an existing entry or a new entry. It goes to a
// supervisor as a draft, or is taught at once where balie.yaml allows; the server checks it either
// way. Dismissing it ("Not now", "No", Escape) sends nothing.

import { h } from '../shared/dom.js';
import { api, apiError, enc } from './api.js';
import { t } from './lang.js';
import { notify } from './notify.js';

interface Offer {
  conversation: string;
  language: string;
  question: string;
  reply: string;
  suggestions: { entryId: string; question: string }[];
  entries: { id: string; question: string }[];
  languages: string[];
  direct: boolean;
}

let dialog: HTMLDialogElement | undefined;

/** After a resolve succeeded: asks the server whether there is something to teach, and offers it. */
export async function offerTeaching(key: string): Promise<void> {
  let offer: Offer | null | undefined;
  try {
    offer = (await api<{ offer: Offer | null }>('GET', `/chats/${enc(key)}/teach-draft`))?.offer;
  } catch {
    // No offer is no loss: the question is still in the inbox for a supervisor.
    return;
  }
  if (offer) show(offer);
}

function field(form: HTMLElement, id: string, labelText: string, input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): void {
  const label = h('label', 'field__label', labelText);
  input.classList.add('field__input');
  input.id = label.htmlFor = id;
  input.name = id;
  form.append(label, input);
}

function show(offer: Offer): void {
  dialog?.remove();
  dialog = h('dialog', 'dialog dialog--teach');
  dialog.id = 'teach-dialog';
  dialog.setAttribute('aria-labelledby', 'teach-title');
  const form = h('form', 'dialog__form teach');
  const title = h('h2', 'dialog__title', t('tdTitle'));
  title.id = 'teach-title';
  form.append(title, h('p', 'teach__intro', t('tdIntro')));

  const question = h('textarea');
  question.rows = 2;
  question.required = true;
  question.maxLength = 300;
  question.value = offer.question.slice(0, 300);
  field(form, 'teach-question', t('tdQuestion'), question);
  const answer = h('textarea');
  answer.rows = 4;
  answer.maxLength = 4000;
  answer.value = offer.reply;
  field(form, 'teach-answer', t('tdAnswer'), answer);

  const how = h('fieldset', 'teach__how');
  how.append(h('legend', 'field__label', t('tdHow')));
  const choice = (value: string, text: string, checked: boolean) => {
    const label = h('label', 'teach__choice');
    const radio = h('input');
    radio.type = 'radio';
    radio.name = 'teach-kind';
    radio.value = value;
    radio.checked = checked;
    label.append(radio, h('span', undefined, text));
    how.append(label);
    return radio;
  };
  const asPhrasing = choice('phrasing', t('tdAsPhrasing'), offer.suggestions.length > 0);
  const phrasingPart = h('div', 'teach__part');
  const select = h('select');
  // The matcher's suggestions first: the likeliest entry is the one preselected.
  const suggested = new Set(offer.suggestions.map((s) => s.entryId));
  for (const s of offer.suggestions) select.append(new Option(t('tdSuggested', { question: s.question }), s.entryId));
  for (const e of offer.entries.filter((x) => !suggested.has(x.id))) select.append(new Option(`${e.question} (${e.id})`, e.id));
  field(phrasingPart, 'teach-entry', t('tdEntry'), select);
  how.append(phrasingPart);
  const asEntry = choice('entry', t('tdAsEntry'), offer.suggestions.length === 0);
  const entryPart = h('div', 'teach__part');
  const id = h('input');
  id.pattern = '[a-z0-9]+(-[a-z0-9]+)*';
  id.placeholder = 'bike-repair';
  field(entryPart, 'teach-id', t('tdId'), id);
  const others = offer.languages.filter((l) => l !== offer.language).map((l) => l.toUpperCase());
  if (others.length) entryPart.append(h('p', 'teach__note', t('tdOtherLanguages', { languages: others.join(', ') })));
  how.append(entryPart);
  form.append(how);
  const sync = () => {
    phrasingPart.hidden = !asPhrasing.checked;
    entryPart.hidden = !asEntry.checked;
    id.required = asEntry.checked;
    answer.required = asEntry.checked;
  };
  asPhrasing.addEventListener('change', sync);
  asEntry.addEventListener('change', sync);
  sync();

  const status = h('p', 'field__error teach__status');
  status.setAttribute('role', 'alert');
  const buttons = h('div', 'dialog__buttons teach__buttons');
  const close = (text: string) => {
    const b = h('button', 'btn btn--ghost', text);
    b.type = 'button';
    b.addEventListener('click', () => dialog?.close('cancel'));
    return b;
  };
  const send = h('button', 'btn btn--primary', t(offer.direct ? 'tdTeach' : 'tdSend'));
  send.type = 'submit';
  buttons.append(close(t('tdNo')), close(t('tdNotNow')), send);
  form.append(status, buttons);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const common = { conversation: offer.conversation, reply: answer.value };
    const body = asPhrasing.checked
      ? { kind: 'phrasing', entryId: select.value, question: question.value.trim(), ...common }
      : { kind: 'entry', entryId: id.value.trim(), texts: { [offer.language]: { question: question.value.trim(), answer: answer.value.trim() } }, ...common };
    void submit(body, status, send);
  });
  dialog.append(form);
  dialog.addEventListener('close', () => dialog?.remove());
  document.body.append(dialog);
  dialog.showModal();
  question.focus();
}

async function submit(body: object, status: HTMLElement, send: HTMLButtonElement): Promise<void> {
  status.textContent = '';
  send.disabled = true;
  let result: { draft?: unknown; taught?: unknown } | undefined;
  try {
    result = await api<{ draft?: unknown; taught?: unknown }>('POST', '/teach-drafts', body);
  } catch (thrown) {
    const err = apiError(thrown);
    status.textContent = t('tdRejected', { message: err.message });
    send.disabled = false;
    return;
  }
  dialog?.close('ok');
  notify(t(result?.taught ? 'tdTaught' : 'tdSent'));
}
