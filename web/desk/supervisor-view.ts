// The supervisor view (issue #15): the live queue, the agents, and today's and the week's figures as
// charts, from GET /api/desk/report. Only supervisors see its button; while it is open it asks for
// the report every few seconds. A chat opened from it shows in the console's own chat pane, where
// take over, transfer and link apply as usual.

import { byId, h } from '../shared/dom.js';
import { api, apiError, enc } from './api.js';
import { openChat } from './chat.js';
import { els } from './els.js';
import { t, timeFormat } from './lang.js';
import { notify } from './notify.js';
import { keepFocus } from './people.js';
import { refreshChats, refreshQueue } from './refresh.js';
import { state } from './state.js';
import { handoffsPerDay, markText, satisfactionDistribution, waitPerDay, waitText } from './supervisor-charts.js';
import { agentsTable, perAgentTable, queueTable, type RowActions } from './supervisor-tables.js';
import type { PeriodFigures, SupervisorReport } from './supervisor-types.js';

const REFRESH_MS = 5000;

const view = {
  root: byId('supervisor-view'),
  toggle: byId<HTMLButtonElement>('sv-toggle'),
};

let report: SupervisorReport | undefined;
let error: string | undefined;
let fetchedAt = 0;
let loading = false;

const isSupervisor = () => state.me?.agent.role === 'supervisor';
const isOpen = () => els.app.dataset.supervisor === 'open';

export function initSupervisorView(): void {
  view.toggle.addEventListener('click', () => (isOpen() ? closeView() : openView()));
  // One light timer: shows the button once the console knows who signed in, and keeps the open view fresh.
  setInterval(() => {
    sync();
    if (isOpen() && !loading && Date.now() - fetchedAt >= REFRESH_MS) void load();
  }, 1000);
}

function sync(): void {
  view.toggle.hidden = !isSupervisor();
  if (!isSupervisor() && isOpen()) closeView(false);
}

function openView(): void {
  els.app.dataset.supervisor = 'open';
  view.root.hidden = false;
  view.toggle.setAttribute('aria-expanded', 'true');
  renderSupervisorView();
  view.root.querySelector<HTMLElement>('h1')?.focus();
  void load();
}

function closeView(focus = true): void {
  delete els.app.dataset.supervisor;
  view.root.hidden = true;
  view.toggle.setAttribute('aria-expanded', 'false');
  if (focus) view.toggle.focus();
}

async function load(): Promise<void> {
  loading = true;
  try {
    report = await api<SupervisorReport>('GET', '/report?days=7');
    error = undefined;
  } catch (err) {
    error = t('svFailed', { message: apiError(err).message });
  } finally {
    loading = false;
    fetchedAt = Date.now();
  }
  if (isOpen()) renderSupervisorView();
}

const actions: RowActions = {
  async take(key) {
    try {
      await api('POST', `/chats/${enc(key)}/claim`, {});
    } catch (err) {
      notify(t('error', { message: apiError(err).message }), 'error');
      return void load();
    }
    closeView(false);
    await Promise.all([refreshQueue(), refreshChats()]);
    await openChat(key, { focusReply: true });
  },
  async open(key) {
    closeView(false);
    await refreshChats();
    await openChat(key);
  },
};

function tile(label: string, today: string, week: string, className = ''): HTMLElement {
  const box = h('div', `sv-tile ${className}`);
  box.append(h('span', 'sv-tile__label', label), h('span', 'sv-tile__value', today), h('span', 'sv-tile__sub', week));
  return box;
}

function tiles(r: SupervisorReport): HTMLElement {
  const days = r.period.days;
  const week = (value: string) => t('svWeekValue', { value, days });
  const avg = (p: PeriodFigures) => markText(p.satisfaction.average);
  const grid = h('div', 'sv-tiles');
  grid.setAttribute('role', 'group');
  grid.setAttribute('aria-label', t('svToday'));
  grid.append(
    tile(t('svHandoffs'), String(r.today.handoffs), week(String(r.period.handoffs))),
    tile(t('svMedianWait'), waitText(r.today.medianWaitSeconds), week(waitText(r.period.medianWaitSeconds))),
    tile(t('svP90Wait'), waitText(r.today.p90WaitSeconds), week(waitText(r.period.p90WaitSeconds))),
    tile(t('svAbandoned'), String(r.today.abandoned), week(String(r.period.abandoned)), r.today.abandoned > 0 ? 'sv-tile--warn' : ''),
    tile(t('svSatisfaction'), avg(r.today), week(`${avg(r.period)} (${t('svRatingsCount', { n: r.period.satisfaction.count })})`)),
  );
  return grid;
}

function section(id: string, title: string, ...content: Node[]): HTMLElement {
  const box = h('section', 'sv-section');
  box.setAttribute('aria-labelledby', id);
  const heading = h('h2', 'sv-section__title', title);
  heading.id = id;
  box.append(heading, ...content);
  return box;
}

/** Draws the view from the last report (also after a language switch). */
export function renderSupervisorView(): void {
  view.toggle.textContent = t('svOpen');
  if (!isOpen()) return;
  const head = h('header', 'sv-head');
  const title = h('h1', 'sv-title', t('svTitle'));
  title.id = 'sv-heading';
  title.tabIndex = -1;
  const back = h('button', 'btn btn--ghost btn--sm', t('svClose'));
  back.type = 'button';
  back.dataset.action = 'close';
  back.addEventListener('click', () => closeView());
  const status = h('p', 'sv-status', error ?? (report ? t('svUpdated', { time: timeFormat.format(new Date(report.generatedAt)) }) : t('svLoading')));
  status.setAttribute('role', 'status');
  head.append(title, status, back);
  const parts: Node[] = [head];
  if (report) {
    const zone = h('p', 'sv-zone', report.timeZone ? t('svTimeZone', { zone: report.timeZone }) : t('svServerTime'));
    parts.push(
      section('sv-today', `${t('svToday')} · ${t('svWeek', { days: report.period.days })}`, tiles(report), zone),
      section('sv-queue-title', `${t('svQueueTitle')} (${report.live.queueLength})`, queueTable(report.live.queue, actions)),
      section('sv-agents-title', t('svAgentsTitle'), agentsTable(report.live.agents, actions)),
      section('sv-charts-title', t('svChartsTitle'), charts(report)),
    );
  }
  const hadFocus = view.root.contains(document.activeElement) && document.activeElement?.tagName === 'H1';
  keepFocus(view.root, () => view.root.replaceChildren(...parts));
  if (hadFocus) title.focus();
}

function charts(r: SupervisorReport): HTMLElement {
  const grid = h('div', 'sv-charts');
  grid.append(handoffsPerDay(r.days), waitPerDay(r.days), satisfactionDistribution(r.period), perAgentTable(r.period));
  return grid;
}
