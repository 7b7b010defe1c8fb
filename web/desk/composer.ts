// Replying: the composer under the open chat (Enter sends, "/" opens the canned replies).

import { autoGrow, isSendKey } from '../shared/dom.js';
import type { TranscriptEntry } from '../shared/transcript.js';
import { api, apiError, enc } from './api.js';
import { clearFiles, pendingFiles } from './attachments.js';
import { openCanned } from './canned.js';
import { catchUpTranscript } from './chat.js';
import { els } from './els.js';
import { t } from './lang.js';
import { state } from './state.js';
import { addEntry } from './transcript.js';
import type { UploadedFile } from './types.js';

let sending = false;

async function sendReply(): Promise<void> {
  const open = state.open;
  if (!open || open.mode !== 'owner' || sending) return;
  const text = els.reply.value.trim();
  const files = pendingFiles.filter((f) => f.uploaded);
  if (!text && files.length === 0) return;
  if (pendingFiles.some((f) => !f.uploaded && !f.failed)) return;
  sending = true;
  els.send.disabled = true;
  els.composerStatus.textContent = t('sending');
  const body: { text?: string; attachments?: UploadedFile[] } = {};
  if (text) body.text = text;
  if (files.length) body.attachments = files.map((f) => f.uploaded!);
  els.reply.value = '';
  els.reply.style.height = '';
  try {
    const data = await api<{ entry?: TranscriptEntry }>('POST', `/chats/${enc(open.key)}/messages`, body);
    if (data?.entry && state.open === open) addEntry(data.entry);
    clearFiles();
    els.composerStatus.textContent = '';
  } catch (err) {
    if (state.open === open && !els.reply.value) els.reply.value = text;
    els.composerStatus.textContent = t('sendFailed', { message: apiError(err).message });
  } finally {
    sending = false;
    els.send.disabled = false;
    if (state.open === open) els.reply.focus();
  }
  if (state.open === open) void catchUpTranscript();
}

export function initComposer(): void {
  els.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    void sendReply();
  });
  els.reply.addEventListener('keydown', (event) => {
    if (isSendKey(event)) {
      event.preventDefault();
      void sendReply();
    } else if (event.key === '/' && els.reply.value === '') {
      // "/" in an empty box: pick a canned reply.
      event.preventDefault();
      void openCanned();
    }
  });
  els.reply.addEventListener('input', () => autoGrow(els.reply, 200));
}
