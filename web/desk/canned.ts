// Canned replies: a searchable list in a dialog; the chosen one goes into the reply box with the
// customer's and the agent's names filled in.

import { h } from '../shared/dom.js';
import { api, enc } from './api.js';
import { openItem } from './chat.js';
import { els } from './els.js';
import { lang, t } from './lang.js';
import { firstName, realName } from './people.js';
import { reportError } from './refresh.js';
import { state } from './state.js';
import type { CannedReply } from './types.js';

let cannedReplies: CannedReply[] = [];
let cannedActive = 0;

async function cannedFor(language: string): Promise<CannedReply[]> {
  const known = state.canned.get(language);
  if (known) return known;
  try {
    const data = await api<{ replies?: CannedReply[] }>('GET', `/canned?lang=${enc(language)}`);
    const replies = data?.replies ?? [];
    state.canned.set(language, replies);
    return replies;
  } catch (err) {
    reportError(err);
    return [];
  }
}

function fillPlaceholders(text: string): string {
  const item = openItem() ?? {};
  const values: Record<string, string> = { customerName: realName(item.customerName) ?? '', agentName: firstName(state.me?.agent.name) };
  return (
    String(text)
      .replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole))
      // "Hoi {{customerName}}," without a name: "Hoi,"
      .replace(/[ \t]+([,.!?])/g, '$1')
      .replace(/[ \t]{2,}/g, ' ')
      .trim()
  );
}

export async function openCanned(): Promise<void> {
  if (!state.open || state.open.mode !== 'owner') return;
  const language = state.open.context?.language ?? openItem()?.language ?? lang;
  cannedReplies = await cannedFor(language);
  els.cannedFilter.value = '';
  els.cannedEmpty.textContent = cannedReplies.length ? t('cannedNone') : t('cannedEmpty', { lang: language });
  renderCanned();
  els.cannedDialog.showModal();
  els.cannedFilter.focus();
}

function visibleCanned(): CannedReply[] {
  const q = els.cannedFilter.value.trim().toLowerCase();
  return cannedReplies.filter((r) => !q || `${r.title} ${r.text}`.toLowerCase().includes(q));
}

function renderCanned(): void {
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

function useCanned(reply: CannedReply): void {
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

export function initCanned(): void {
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
      const chosen = list[cannedActive];
      if (chosen) useCanned(chosen);
    }
  });
  els.cannedDialog.addEventListener('close', () => {
    if (document.activeElement === document.body || !document.activeElement) els.reply.focus();
  });
}
