import QRCode from 'qrcode';
import type { PairingSnapshot } from './session.js';

export interface PairingView {
  /** What this process knows, or (on a standby process) what the holder last reported. */
  snapshot?: PairingSnapshot;
  /** This process is not the one running the session. */
  standby: boolean;
  /** The lease holder's id, when known. */
  holder?: string;
}

const HEADLINES: Record<PairingSnapshot['state'], string> = {
  stopped: 'WhatsApp is stopped',
  standby: 'Waiting for the WhatsApp session',
  starting: 'Starting WhatsApp Web…',
  qr: 'Scan this code to link WhatsApp',
  authenticated: 'Linked; loading chats…',
  ready: 'WhatsApp is connected',
  auth_failure: 'WhatsApp did not accept the stored session',
  disconnected: 'WhatsApp is reconnecting',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The pairing page: the QR as an inline SVG, the status in words, reloading itself every few seconds. */
export async function renderPairingPage(view: PairingView): Promise<string> {
  const s = view.snapshot;
  const state = s?.state ?? 'standby';
  const lines: string[] = [];
  let qrSvg = '';
  if (s?.state === 'qr' && s.qr) {
    qrSvg = await QRCode.toString(s.qr, { type: 'svg', margin: 2, width: 320, errorCorrectionLevel: 'L' });
    lines.push(
      'On the business phone: open WhatsApp, go to <b>Settings → Linked devices → Link a device</b>, and point the camera at this code. It changes every 20 seconds or so; this page follows.',
    );
  }
  if (s?.detail) lines.push(escapeHtml(s.detail));
  if (s?.state === 'ready' && s.account) lines.push(`Connected as <b>${escapeHtml(s.account)}</b>.`);
  if (state === 'auth_failure') lines.push('A new QR code will appear here shortly; scan it to link the phone again.');
  if (view.standby) {
    lines.push(
      view.holder
        ? `This process is on standby: another balie process (${escapeHtml(view.holder)}) runs the WhatsApp session${s ? '; above is what it last reported' : ''}.`
        : 'No balie process holds the WhatsApp session right now; one will take it over shortly.',
    );
  }
  if (s) lines.push(`Status as of ${new Date(s.since).toISOString()}.`);
  const refresh = state === 'ready' ? 30 : 5;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${refresh}">
<meta name="robots" content="noindex">
<title>WhatsApp pairing · balie</title>
</head>
<body>
<h1 data-state="${state}">${escapeHtml(HEADLINES[state])}</h1>
${qrSvg ? `<div id="qr">${qrSvg}</div>` : ''}
${lines.map((l) => `<p>${l}</p>`).join('\n')}
</body>
</html>
`;
}
