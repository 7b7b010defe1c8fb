// The top bar: who I am, and my presence (online, away, offline).

import { h } from '../shared/dom.js';
import { api } from './api.js';
import { els } from './els.js';
import { t } from './lang.js';
import { renderMyChats } from './my-chats.js';
import { announce } from './notify.js';
import { agentAvatar } from './people.js';
import { reportError } from './refresh.js';
import { state } from './state.js';
import type { Presence } from './types.js';

export function renderMe(): void {
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

export function renderPresence(): void {
  const presence = state.me?.presence ?? 'offline';
  for (const input of els.presence.querySelectorAll('input')) input.checked = input.value === presence;
  els.app.dataset.presence = presence;
  renderMyChats();
}

export function checkedPresence(): HTMLInputElement | null {
  return els.presence.querySelector<HTMLInputElement>('input:checked') ?? els.presence.querySelector('input');
}

export function initPresence(): void {
  els.presence.addEventListener('change', async (event) => {
    const presence = (event.target as HTMLInputElement).value as Presence;
    const before = state.me?.presence;
    try {
      await api('PUT', '/presence', { presence });
      if (state.me) state.me.presence = presence;
      renderPresence();
      announce(t('presenceChanged', { presence: t(presence) }));
    } catch (err) {
      if (state.me && before) state.me.presence = before;
      renderPresence();
      reportError(err);
    }
  });
}
