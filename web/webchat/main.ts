// balie web chat: the page a customer chats on.
//
// The conversation lives on the server as a transcript; this page shows it. History comes from
// GET /messages, new entries (including the customer's own, echoed back) from the SSE stream.
// A message the customer sends is shown at once as a pending bubble and becomes the real entry
// when its echo arrives, so nothing is shown twice. Sends are queued, in order, and retried with
// the same clientMessageId, which the server uses to drop duplicates.

import { applyAccent } from './accent.js';
import { initComposer, updateSendButton } from './composer.js';
import { start } from './conversation.js';
import { els } from './els.js';
import { applyStrings } from './lang.js';
import { botAvatar } from './messages.js';
import { initScroll } from './scroll.js';

applyAccent();
applyStrings();
for (const el of document.querySelectorAll<HTMLElement>('#header-avatar, #empty-avatar, #typing-avatar')) botAvatar(el);
initComposer();
initScroll();
updateSendButton();
// A desktop visitor can type at once; on phones the keyboard would cover the page.
if (window.matchMedia?.('(pointer: fine)').matches) els.input.focus({ preventScroll: true });
void start();
