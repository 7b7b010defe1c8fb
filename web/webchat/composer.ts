// The composer: Enter sends, Shift+Enter is a new line, the box grows with the text.

import { autoGrow, isSendKey } from '../shared/dom.js';
import { els } from './els.js';
import { send } from './outbox.js';

export function updateSendButton(): void {
  els.send.disabled = els.input.value.trim() === '';
}

function submit(): void {
  const text = els.input.value.trim();
  if (!text) return;
  els.input.value = '';
  autoGrow(els.input, 160);
  updateSendButton();
  send({ text });
  els.input.focus();
}

export function initComposer(): void {
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  els.input.addEventListener('keydown', (event) => {
    if (isSendKey(event)) {
      event.preventDefault();
      submit();
    }
  });
  els.input.addEventListener('input', () => {
    autoGrow(els.input, 160);
    updateSendButton();
  });
}
