// The supervisor view's tables: who waits now (and for whom), the agents (status, load, chats, idle
// time) and the figures per agent. Rows carry data-key / data-action so a re-render keeps focus.

import { h, own } from '../shared/dom.js';
import { t } from './lang.js';
import { displayName, waitingTime } from './people.js';
import { state } from './state.js';
import { markText, waitText } from './supervisor-charts.js';
import type { LiveAgent, PeriodFigures, SupervisorReport } from './supervisor-types.js';

export interface RowActions {
  take(key: string): void;
  open(key: string): void;
}

function table(caption: string, heads: string[], className: string): { table: HTMLTableElement; body: HTMLTableSectionElement; wrap: HTMLDivElement } {
  const wrap = h('div', 'sv-table-wrap');
  const tableEl = h('table', `sv-table ${className}`);
  tableEl.append(h('caption', 'visually-hidden', caption));
  const head = h('thead');
  const tr = h('tr');
  for (const text of heads) {
    const th = h('th', undefined, text);
    th.scope = 'col';
    tr.append(th);
  }
  head.append(tr);
  const body = h('tbody');
  tableEl.append(head, body);
  wrap.append(tableEl);
  return { table: tableEl, body, wrap };
}

function cell(content: string | Node, label: string, className?: string): HTMLTableCellElement {
  const td = h('td', className);
  // The narrow layout shows each row as a card: the column's name goes with the value.
  td.dataset.label = label;
  td.append(typeof content === 'string' ? document.createTextNode(content) : content);
  return td;
}

export function queueTable(queue: SupervisorReport['live']['queue'], actions: RowActions): HTMLElement {
  if (queue.length === 0) return h('p', 'sv-empty', t('svQueueEmpty'));
  const heads = [t('svCustomer'), t('svWaiting'), t('svReason'), t('svLanguage'), t('svWaitsFor'), t('svAction')];
  const { body, wrap } = table(t('svQueueTitle'), heads, 'sv-queue');
  for (const item of queue) {
    const tr = h('tr', 'sv-queue__row');
    tr.dataset.key = item.key;
    const name = own('span', 'sv-name', displayName(item));
    const take = h('button', 'btn btn--secondary btn--sm', t('svTake'));
    take.type = 'button';
    take.dataset.action = 'take';
    take.setAttribute('aria-label', t('svTakeLabel', { name: displayName(item) }));
    // Like the queue's own Take: a chat goes only to someone online.
    take.disabled = state.me?.presence === 'offline';
    take.addEventListener('click', () => actions.take(item.key));
    const waitsFor = item.waitsFor ? h('span', 'sv-waits-for', t('svWaitsForName', { name: item.waitsFor.name })) : h('span', 'sv-muted', t('svAnyone'));
    tr.append(
      cell(name, heads[0]!, 'sv-cell--name'),
      cell(waitingTime(Date.parse(item.waitingSince), { label: false }), heads[1]!),
      cell(t.map('reasons', item.reason), heads[2]!),
      cell(t.map('languages', item.language), heads[3]!),
      cell(waitsFor, heads[4]!),
      cell(take, heads[5]!, 'sv-cell--action'),
    );
    body.append(tr);
  }
  return wrap;
}

function loadBar(agent: LiveAgent): HTMLElement {
  const box = h('span', 'sv-load');
  const meter = h('meter', 'sv-load__meter');
  meter.min = 0;
  meter.max = agent.maxChats;
  meter.value = agent.load;
  meter.high = Math.max(agent.maxChats - 0.5, 0.5);
  meter.optimum = 0;
  const text = t('svLoadValue', { load: agent.load, max: agent.maxChats });
  meter.setAttribute('aria-label', text);
  box.append(meter, h('span', 'sv-load__text', text));
  return box;
}

function presence(agent: LiveAgent): HTMLElement {
  const box = h('span', `sv-presence sv-presence--${agent.presence}`);
  box.append(h('span', 'presence__dot'), document.createTextNode(t(agent.presence)));
  return box;
}

export function agentsTable(agents: LiveAgent[], actions: RowActions): HTMLElement {
  const heads = [t('svAgent'), t('svPresence'), t('svLoad'), t('svChats'), t('svIdle')];
  const { body, wrap } = table(t('svAgentsTitle'), heads, 'sv-agents');
  for (const agent of agents) {
    const tr = h('tr', 'sv-agents__row');
    tr.dataset.key = `agent:${agent.id}`;
    tr.dataset.agent = agent.id;
    const chats = h('ul', 'sv-chats');
    for (const chat of agent.chats) {
      const li = h('li');
      const open = h('button', 'sv-chat-link');
      open.type = 'button';
      open.dataset.action = `open:${chat.key}`;
      open.append(own('span', undefined, displayName(chat)));
      open.setAttribute('aria-label', t('svOpenChat', { name: displayName(chat) }));
      open.addEventListener('click', () => actions.open(chat.key));
      li.append(open);
      chats.append(li);
    }
    if (agent.chats.length === 0) chats.append(h('li', 'sv-muted', t('svNoChats')));
    const idle = agent.idleSince ? waitingTime(Date.parse(agent.idleSince), { label: false }) : h('span', 'sv-muted', t('svNotIdle'));
    tr.append(
      cell(own('span', 'sv-name', agent.name), heads[0]!, 'sv-cell--name'),
      cell(presence(agent), heads[1]!),
      cell(loadBar(agent), heads[2]!),
      cell(chats, heads[3]!),
      cell(idle, heads[4]!),
    );
    body.append(tr);
  }
  return wrap;
}

export function perAgentTable(period: PeriodFigures & { days: number }): HTMLElement {
  const box = h('section', 'sv-chart sv-chart--wide');
  box.append(h('h3', 'sv-chart__title', t('svPerAgent', { days: period.days })));
  if (period.agents.length === 0) {
    box.append(h('p', 'sv-empty', t('svNoFigures')));
    return box;
  }
  const heads = [t('svAgent'), t('svTaken'), t('svResolved'), t('svMedianWait'), t('svRating')];
  const { body, wrap } = table(t('svPerAgent', { days: period.days }), heads, 'sv-per-agent');
  const most = Math.max(1, ...period.agents.map((a) => a.taken));
  for (const a of period.agents) {
    const tr = h('tr');
    tr.dataset.agent = a.agentId;
    const taken = h('span', 'sv-inline-bar');
    const fill = h('span', 'sv-inline-bar__fill');
    fill.style.setProperty('--share', String(a.taken / most));
    fill.setAttribute('aria-hidden', 'true');
    taken.append(fill, h('span', 'sv-inline-bar__value', String(a.taken)));
    const rating = a.satisfaction.average === null ? t('svNoRatings') : `${markText(a.satisfaction.average)} (${t('svRatingsCount', { n: a.satisfaction.count })})`;
    tr.append(
      cell(own('span', 'sv-name', a.name), heads[0]!, 'sv-cell--name'),
      cell(taken, heads[1]!),
      cell(String(a.resolved), heads[2]!),
      cell(waitText(a.medianWaitSeconds), heads[3]!),
      cell(rating, heads[4]!),
    );
    body.append(tr);
  }
  box.append(wrap);
  return box;
}
