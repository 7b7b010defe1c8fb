// Letting a chat go: transfer it (with a note), hand it back to the bot, or resolve it.

import { h } from '../shared/dom.js';
import { api, apiError, enc } from './api.js';
import { afterChatLeft, openItem } from './chat.js';
import { els } from './els.js';
import { t } from './lang.js';
import { notify } from './notify.js';
import { displayName } from './people.js';
import { refreshAgents, refreshChats } from './refresh.js';
import { state } from './state.js';
import { offerTeaching } from './teach-draft.js';

const ORDER: Record<string, number> = { online: 0, away: 1, offline: 2 };

async function openTransfer(): Promise<void> {
  await refreshAgents();
  els.transferTo.replaceChildren();
  const queueOption = h('option', '', t('transferQueue'));
  queueOption.value = '';
  els.transferTo.append(queueOption);
  const others = state.agents
    .filter((a) => a.id !== state.me?.agent.id)
    .sort((a, b) => (ORDER[a.presence ?? ''] ?? 3) - (ORDER[b.presence ?? ''] ?? 3) || a.name.localeCompare(b.name));
  for (const agent of others) {
    const option = h('option', '', t('agentOption', { name: agent.name, presence: t(agent.presence ?? 'offline'), load: agent.load ?? 0, max: agent.maxChats }));
    option.value = agent.id;
    els.transferTo.append(option);
  }
  const firstOnline = others.find((a) => a.presence === 'online' && (a.load ?? 0) < (a.maxChats ?? 0));
  els.transferTo.value = firstOnline?.id ?? '';
  els.transferNote.value = '';
  els.transferError.textContent = '';
  els.transferDialog.showModal();
  els.transferTo.focus();
}

async function submitTransfer(): Promise<void> {
  const open = state.open;
  if (!open) return els.transferDialog.close();
  const body: { toAgentId?: string; note?: string } = {};
  if (els.transferTo.value) body.toAgentId = els.transferTo.value;
  if (els.transferNote.value.trim()) body.note = els.transferNote.value.trim();
  const name = displayName(openItem() ?? { key: open.key });
  try {
    await api('POST', `/chats/${enc(open.key)}/transfer`, body);
  } catch (err) {
    els.transferError.textContent = t('error', { message: apiError(err).message });
    return;
  }
  els.transferDialog.close('ok');
  notify(t('transferDone', { name }));
  state.chats.delete(open.key);
  afterChatLeft();
  await refreshChats();
}

let confirmAction: (() => Promise<void>) | undefined;

function confirmThen(titleKey: string, textKey: string, okKey: string, action: () => Promise<void>): void {
  const name = displayName(openItem() ?? { key: state.open?.key });
  els.confirmTitle.textContent = t(titleKey);
  els.confirmText.textContent = t(textKey, { name });
  els.confirmOk.textContent = t(okKey);
  els.confirmError.textContent = '';
  confirmAction = action;
  els.confirmDialog.showModal();
  els.confirmOk.focus();
}

function release(path: string, doneKey: string, after?: (key: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const open = state.open;
    if (!open) return;
    const name = displayName(openItem() ?? { key: open.key });
    // The 'closed' event may come before this answer; one notice is enough (the answer's, below).
    state.leaving.add(open.key);
    try {
      await api('POST', `/chats/${enc(open.key)}/${path}`, {});
    } finally {
      setTimeout(() => state.leaving.delete(open.key), 5000);
    }
    notify(t(doneKey, { name }));
    state.chats.delete(open.key);
    state.unread.delete(open.key);
    // The dialog closes first, so focus lands where afterChatLeft puts it.
    setTimeout(afterChatLeft, 0);
    void refreshChats();
    if (after) void after(open.key);
  };
}

export function initActions(): void {
  for (const dialog of [els.transferDialog, els.confirmDialog, els.cannedDialog]) {
    for (const button of dialog.querySelectorAll('[data-close]')) button.addEventListener('click', () => dialog.close('cancel'));
    // A click on the backdrop closes, like Escape.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close('cancel');
    });
  }
  els.transfer.addEventListener('click', () => void openTransfer());
  els.transferForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitTransfer();
  });
  els.confirmForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = confirmAction;
    if (!action) return els.confirmDialog.close();
    try {
      await action();
    } catch (err) {
      els.confirmError.textContent = t('error', { message: apiError(err).message });
      return;
    }
    confirmAction = undefined;
    els.confirmDialog.close('ok');
  });
  els.resolve.addEventListener('click', () => confirmThen('confirmResolveTitle', 'confirmResolveText', 'resolve', release('resolve', 'resolved', offerTeaching)));
  els.handBack.addEventListener('click', () => confirmThen('confirmHandBackTitle', 'confirmHandBackText', 'handBack', release('hand-back', 'handedBack')));
}
