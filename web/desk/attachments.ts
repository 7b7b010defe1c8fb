// Attachments: uploaded at once, sent with the next reply.

import { h } from '../shared/dom.js';
import { api, apiError } from './api.js';
import { els } from './els.js';
import { t } from './lang.js';
import { announce } from './notify.js';
import type { UploadedFile } from './types.js';

const MAX_UPLOAD = 5 * 1024 * 1024;

export interface PendingFile {
  name: string;
  uploaded: UploadedFile | undefined;
  failed: string | undefined;
}

export let pendingFiles: PendingFile[] = [];

export function clearFiles(): void {
  pendingFiles = [];
  renderFiles();
}

function renderFiles(): void {
  els.composerFiles.replaceChildren();
  for (const file of pendingFiles) {
    const li = h('li', `file-chip file-chip--pending${file.failed ? ' file-chip--failed' : ''}`);
    li.append(h('span', '', file.failed ? t('uploadFailed', { name: file.name, message: file.failed }) : file.uploaded ? file.name : t('attaching', { name: file.name })));
    const remove = h('button', 'file-chip__remove', '×');
    remove.type = 'button';
    remove.setAttribute('aria-label', t('removeAttachment', { name: file.name }));
    remove.addEventListener('click', () => {
      pendingFiles = pendingFiles.filter((f) => f !== file);
      renderFiles();
      els.reply.focus();
    });
    li.append(remove);
    els.composerFiles.append(li);
  }
  els.composerFiles.hidden = pendingFiles.length === 0;
}

export function initAttachments(): void {
  els.file.addEventListener('change', async () => {
    const chosen = [...(els.file.files ?? [])];
    els.file.value = '';
    for (const file of chosen) {
      const item: PendingFile = { name: file.name, uploaded: undefined, failed: undefined };
      if (file.size > MAX_UPLOAD) {
        item.failed = t('tooLarge', { name: file.name });
        pendingFiles.push(item);
        continue;
      }
      pendingFiles.push(item);
      renderFiles();
      try {
        const data = await api<Partial<UploadedFile>>('POST', '/uploads', undefined, {
          raw: file,
          headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-Filename': encodeURIComponent(file.name) },
        });
        item.uploaded = { contentUrl: data?.contentUrl ?? '', contentType: data?.contentType ?? file.type, name: data?.name ?? file.name };
        announce(t('attached', { name: file.name }));
      } catch (thrown) {
        const err = apiError(thrown);
        item.failed = err.message;
        announce(t('uploadFailed', { name: file.name, message: err.message }), true);
      }
      renderFiles();
    }
    renderFiles();
    els.reply.focus();
  });
}
