// Suggested actions: buttons under the latest message, if it is the bot's (or an agent's).

import { h } from '../shared/dom.js';
import { els } from './els.js';
import { t } from './lang.js';
import { isMessage, nextMessage } from './messages.js';
import { send } from './outbox.js';

export function refreshSuggestions(): void {
  const latest = [...els.messages.children].reverse().find((node) => isMessage(node) && node.dataset.entryId);
  for (const group of els.messages.querySelectorAll('.suggestions')) {
    if (group.closest('.msg') !== latest) group.remove();
  }
  if (!isMessage(latest) || !latest.suggestedActions || latest.dataset.role === 'customer' || latest.querySelector('.suggestions')) return;
  if (nextMessage(latest)) return; // the customer already answered (still sending)
  const group = h('div', 'suggestions');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', t('suggestions'));
  for (const action of latest.suggestedActions) {
    if (!action || typeof action.title !== 'string') continue;
    const button = h('button', 'suggestion', action.title);
    button.type = 'button';
    button.dataset.testid = 'suggested-action';
    button.dataset.value = String(action.value ?? action.title);
    button.addEventListener('click', () => {
      if (group.dataset.used) return;
      group.dataset.used = 'true';
      for (const b of group.querySelectorAll('button')) b.disabled = true;
      button.classList.add('suggestion--chosen');
      button.setAttribute('aria-pressed', 'true');
      // The value tells the bot which button; the title is what the customer sees they said.
      send({ text: action.title, value: button.dataset.value });
    });
    group.append(button);
  }
  latest.querySelector('.msg__body')!.append(group);
}
