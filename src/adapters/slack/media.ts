import type { webApi } from '@slack/bolt';
import { BalieError } from '../../core/errors.js';
import { slackError } from './send.js';

export interface DownloadOptions {
  botToken: string;
  /** The configured Web API base: its host may serve files too (a local fake does). */
  apiUrl?: string;
  maxBytes?: number;
  timeoutMs?: number;
}

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Only Slack's own hosts (or the configured API host) ever see the bot token. */
function trustedHost(url: URL, apiUrl?: string): boolean {
  if (apiUrl && url.origin === new URL(apiUrl).origin) return true;
  return url.protocol === 'https:' && (url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com'));
}

/**
 * Downloads an inbound file on demand: files.info for its private URL, then a GET with the bot
 * token (Slack's private file URLs need `Authorization: Bearer`, and answer a login page, not an
 * error, when the token cannot see the file).
 */
export async function downloadSlackFile(client: webApi.WebClient, fileId: string, options: DownloadOptions): Promise<{ data: Buffer; contentType: string; name?: string }> {
  let file: webApi.FilesInfoResponse['file'];
  try {
    ({ file } = await client.files.info({ file: fileId }));
  } catch (err) {
    throw slackError(err, 'files.info');
  }
  const href = file?.url_private_download ?? file?.url_private;
  if (!file || !href) throw new BalieError('PLATFORM_REFUSED', `Slack gave no download URL for file ${fileId} (deleted, or from an external workspace)`);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (file.size !== undefined && file.size > maxBytes)
    throw new BalieError('PLATFORM_REFUSED', `Slack file ${fileId} is ${file.size} bytes, more than the ${maxBytes} balie downloads`);
  const url = new URL(href);
  if (!trustedHost(url, options.apiUrl))
    throw new BalieError('PLATFORM_REFUSED', `Slack file ${fileId} points at ${url.host}, which is not a Slack host; not sending the bot token there`);

  let res: Response;
  try {
    res = await fetch(url, { headers: { Authorization: `Bearer ${options.botToken}` }, signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
  } catch (err) {
    throw new BalieError('PLATFORM_UNREACHABLE', `could not download Slack file ${fileId}: ${(err as Error).message}`, { cause: err });
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new BalieError(res.status >= 500 ? 'PLATFORM_UNREACHABLE' : 'PLATFORM_REFUSED', `Slack answered HTTP ${res.status} for file ${fileId}`);
  }
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/html') && !file.mimetype?.startsWith('text/html')) {
    await res.body?.cancel();
    throw new BalieError(
      'PLATFORM_REFUSED',
      `Slack answered a web page instead of file ${fileId}: the bot token cannot read it (files:read scope, or the bot is not in that conversation)`,
    );
  }
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > maxBytes) throw new BalieError('PLATFORM_REFUSED', `Slack file ${fileId} is larger than the ${maxBytes} bytes balie downloads`);
  return { data, contentType: file.mimetype || contentType.split(';')[0] || 'application/octet-stream', name: file.name ?? undefined };
}
