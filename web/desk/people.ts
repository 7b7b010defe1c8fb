// Names, avatars and the small marks that go with a chat in every list.

import { hue, initials, personAvatar } from '../shared/avatar.js';
import { h } from '../shared/dom.js';
import { t } from './lang.js';
import { serverNow, state } from './state.js';
import type { Agent, ChatItem } from './types.js';

// The web chat calls everyone who gave no name "Customer": that is no name to greet someone by.
const GENERIC_NAMES = new Set(['customer', 'klant', 'user', 'gebruiker']);

export function realName(name: unknown): string | undefined {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  return trimmed && !GENERIC_NAMES.has(trimmed.toLowerCase()) ? trimmed : undefined;
}

export function firstName(name: unknown): string {
  return (
    String(name ?? '')
      .trim()
      .split(/\s+/)[0] ?? ''
  );
}

export function displayName(item: Partial<ChatItem> | undefined): string {
  const label = item?.customerLabel?.trim();
  if (label) return label;
  const name = realName(item?.customerName);
  if (name) return name;
  const id = String(item?.key ?? '')
    .split(':')
    .slice(1)
    .join(':');
  return `${t('customer')} ${id.slice(-4)}`.trim();
}

export function customerAvatar(item: Partial<ChatItem> | undefined, size = ''): HTMLDivElement {
  const box = h('div', `avatar avatar--customer ${size}`, initials(realName(item?.customerName) ?? t('customer')));
  box.setAttribute('aria-hidden', 'true');
  box.style.setProperty('--hue', String(hue(item?.key ?? '')));
  return box;
}

export function agentAvatar(agent: Partial<Agent> | undefined, size = ''): HTMLDivElement {
  return personAvatar(agent, `avatar avatar--agent ${size}`);
}

export function agentById(id: string | undefined): Agent | undefined {
  if (state.me && state.me.agent.id === id) return state.me.agent;
  return state.agents.find((a) => a.id === id);
}

export function metaLine(item: Partial<ChatItem>): string {
  return [t.map('reasons', item.reason), t.map('languages', item.language), t.map('channels', item.channel)].filter(Boolean).join(' · ');
}

export function vipMark(): HTMLSpanElement {
  const mark = h('span', 'vip', t('vip'));
  mark.title = t('vip');
  return mark;
}

/** "0:42", "3:05", "1:02:09": a duration that ticks. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** A waiting time that the page's one timer keeps ticking (ticker.ts). */
export function waitingTime(since: number, { label = true } = {}): HTMLSpanElement {
  const time = h('span', 'ticker');
  time.dataset.since = String(since);
  if (label) time.append(h('span', 'visually-hidden', `${t('waitingSince')} `));
  time.append(h('span', 'ticker__value', clock((serverNow() - since) / 1000)));
  return time;
}

/** Re-renders a list while keeping keyboard focus on the same control. */
export function keepFocus(container: HTMLElement, render: () => void): void {
  const active = document.activeElement as HTMLElement | null;
  const within = active && container.contains(active);
  const key = within ? active.closest<HTMLElement>('[data-key]')?.dataset.key : undefined;
  const action = within ? active.dataset.action : undefined;
  render();
  if (key) {
    const again =
      container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] [data-action="${CSS.escape(action ?? '')}"]`) ??
      container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] [data-action]`);
    again?.focus();
  }
}

/** A conversation key as a safe id fragment. */
export function cssId(key: string): string {
  return String(key).replace(/[^a-zA-Z0-9_-]/g, '_');
}
