// The typing indicator: shown while the bot or an agent is writing, for a few seconds at most.

import { els, botName } from './els.js';
import { t } from './lang.js';
import { nearBottom, scrollToBottom } from './scroll.js';

const TYPING_MS = 5000;
let typingTimer: ReturnType<typeof setTimeout> | undefined;

export function showTyping(data: unknown): void {
  const stick = nearBottom();
  const given = (data as { name?: unknown } | undefined)?.name;
  const name = typeof given === 'string' && given.trim() ? given.trim() : botName;
  els.typingText.textContent = t('typing', { name });
  els.typing.hidden = false;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(hideTyping, TYPING_MS);
  if (stick) scrollToBottom();
}

export function hideTyping(): void {
  clearTimeout(typingTimer);
  els.typing.hidden = true;
}
