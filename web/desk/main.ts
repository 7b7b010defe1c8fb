// balie desk: the agents' web console. One page, no framework; each part of it has its own file
// (offers, my chats, queue, the open chat, its context, the composer, …) and this one wires them.

import { initActions } from './actions.js';
import { whenSessionEnds } from './api.js';
import { initAttachments } from './attachments.js';
import { initCanned } from './canned.js';
import { renderInbox } from './inbox.js';
import { initChat, renderChatHead } from './chat.js';
import { initComposer } from './composer.js';
import { initLinking, initNotes, renderContext } from './context.js';
import { lang, useLanguage } from './lang.js';
import { initUnread, renderMyChats } from './my-chats.js';
import { initAudio, updateTitle } from './notify.js';
import { renderOffers } from './offers.js';
import { initPresence, renderMe, renderPresence } from './presence.js';
import { renderQueue } from './queue.js';
import { boot } from './refresh.js';
import { initSignIn, sessionEnded } from './signin.js';
import { state } from './state.js';
import { initSupervisorView, renderSupervisorView } from './supervisor-view.js';
import { startTicker } from './ticker.js';
import { rerenderLog } from './transcript.js';

/** Everything again (after a language switch). */
function renderAll(): void {
  renderMe();
  renderPresence();
  renderOffers();
  renderMyChats();
  renderQueue();
  renderSupervisorView();
  renderInbox();
  if (state.open) {
    renderChatHead();
    renderContext();
    rerenderLog();
  }
}

function setLanguage(next: string, remember: boolean): void {
  useLanguage(next, remember);
  if (state.me) renderAll();
  updateTitle();
}

whenSessionEnds(sessionEnded);
initAudio();
initSignIn();
initPresence();
initChat();
initNotes();
initLinking();
initComposer();
initAttachments();
initCanned();
initSupervisorView();
initActions();
initUnread();
startTicker();
for (const select of document.querySelectorAll<HTMLSelectElement>('.lang-select')) {
  select.addEventListener('change', () => setLanguage(select.value, true));
}

setLanguage(lang, false);
void boot();
