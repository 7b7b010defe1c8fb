// How helpful each FAQ answer was, by the customers' answers to "Did this help?" (issue #14 part 4),
// as a section of the unanswered-questions dialog: the least helpful first, so the answers worth
// rewriting are on top, next to the questions they failed.

import { h, own } from '../shared/dom.js';
import { api } from './api.js';
import { t } from './lang.js';

interface EntryHelpfulness {
  entryId: string;
  yes: number;
  no: number;
}

let rows: EntryHelpfulness[] = [];

export async function loadHelpfulness(): Promise<void> {
  try {
    rows = (await api<{ entries: EntryHelpfulness[] }>('GET', '/faq/helpfulness'))?.entries ?? rows;
  } catch {
    // Kept as it was; the next open tries again.
  }
}

/** Fills the section again (after a load, or a language switch). `questionOf` names an entry by its question. */
export function renderHelpfulness(section: HTMLElement, questionOf: (entryId: string) => string | undefined): void {
  const title = h('h3', 'helpfulness__title', t('helpTitle'));
  title.id = 'helpfulness-title';
  section.setAttribute('aria-labelledby', title.id);
  if (!rows.length) {
    section.replaceChildren(title, h('p', 'side__empty', t('helpEmpty')));
    return;
  }
  const table = h('table', 'helpfulness__table');
  const head = h('tr');
  for (const key of ['helpEntry', 'helpYes', 'helpNo', 'helpShare']) {
    const th = h('th', undefined, t(key));
    th.scope = 'col';
    head.append(th);
  }
  const body = h('tbody');
  for (const row of rows) {
    const tr = h('tr');
    tr.dataset.entry = row.entryId;
    const name = h('th');
    name.scope = 'row';
    const question = questionOf(row.entryId);
    name.append(own('span', 'helpfulness__question', question ?? row.entryId));
    if (question) name.append(h('span', 'helpfulness__id', ` (${row.entryId})`));
    const share = Math.round((100 * row.yes) / (row.yes + row.no || 1));
    tr.append(name, h('td', undefined, row.yes), h('td', undefined, row.no), h('td', share < 50 ? 'helpfulness__low' : undefined, `${share}%`));
    body.append(tr);
  }
  table.append(h('thead'), body);
  table.tHead!.append(head);
  section.replaceChildren(title, h('p', 'inbox-row__meta', t('helpIntro')), table);
}
