import { BalieError } from '../../core/errors.js';
import type { OutboundPart } from './format.js';
import { Location, MessageMedia, type WAClient, type WAMessageMedia, type WAMessageSendOptions } from './library.js';
import { sleep, type Timers } from './timers.js';
import { backoffMs, type RetryPolicy } from '../../core/retry.js';

export interface MediaLimits {
  maxBytes: number;
  timeoutMs: number;
}

/** A failure worth trying again: the page or the network hiccuped, or the session is reconnecting. */
export function isRetriable(err: unknown): boolean {
  return err instanceof BalieError && err.code === 'PLATFORM_UNREACHABLE';
}

const TRANSIENT =
  /protocol error|target closed|session closed|execution context was destroyed|detached frame|frame was detached|net::err|econnreset|etimedout|econnrefused|eai_again|socket hang up|fetch failed|timed? ?out|reading 'evaluate'/i;

/**
 * whatsapp-web.js reports everything as plain Errors (or strings) from the page; sort them into
 * "the network or the browser failed" (retry) and "WhatsApp said no" (give up, with the reason).
 */
export function classifySendError(err: unknown, what: string): BalieError {
  if (err instanceof BalieError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (TRANSIENT.test(message)) return new BalieError('PLATFORM_UNREACHABLE', `WhatsApp Web did not answer while ${what}: ${message}`, { cause: err });
  return new BalieError('PLATFORM_REFUSED', `WhatsApp Web refused ${what}: ${message}`, { cause: err });
}

/** Runs `op` until it succeeds, fails for good, or the attempts run out (bounded backoff). */
export async function withRetries<T>(op: () => Promise<T>, policy: RetryPolicy, timers: Timers, onRetry?: (err: BalieError, attempt: number) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (raw) {
      const err = classifySendError(raw, 'sending');
      if (!isRetriable(err) || attempt + 1 >= policy.attempts) throw err;
      onRetry?.(err, attempt + 1);
      await sleep(timers, backoffMs(policy, attempt));
    }
  }
}

/**
 * Downloads an outbound attachment and wraps it as a MessageMedia. (MessageMedia.fromUrl would
 * also download it, but it does not look at the HTTP status, so a 404 page would reach the
 * customer as "the image"; and it has no size limit.)
 */
export async function loadMedia(part: Extract<OutboundPart, { kind: 'media' }>, limits: MediaLimits): Promise<WAMessageMedia> {
  let response: Response;
  try {
    response = await fetch(part.url, { signal: AbortSignal.timeout(limits.timeoutMs), redirect: 'follow' });
  } catch (err) {
    throw new BalieError('PLATFORM_UNREACHABLE', `the attachment could not be downloaded from ${new URL(part.url).host}: ${(err as Error).message}`, { cause: err });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const code = response.status >= 500 || response.status === 429 ? 'PLATFORM_UNREACHABLE' : 'PLATFORM_REFUSED';
    throw new BalieError(code, `the attachment URL answered HTTP ${response.status}; nothing was sent for it`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BalieError('PLATFORM_REFUSED', `the attachment is ${declared} bytes, more than the ${limits.maxBytes} this adapter sends`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    size += chunk.value.length;
    if (size > limits.maxBytes) {
      await reader?.cancel().catch(() => undefined);
      throw new BalieError('PLATFORM_REFUSED', `the attachment is larger than the ${limits.maxBytes} bytes this adapter sends`);
    }
    chunks.push(Buffer.from(chunk.value));
  }
  const contentType = (part.contentType ?? response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
  const name = part.name ?? decodeURIComponent(new URL(part.url).pathname.split('/').pop() || 'file');
  return new MessageMedia(contentType, Buffer.concat(chunks).toString('base64'), name, size);
}

function mediaOptions(mimetype: string): WAMessageSendOptions {
  // Images, videos and audio show inline; everything else (PDF, spreadsheets...) as a document.
  return /^(image\/(jpeg|png|gif)|video\/(mp4|3gpp)|audio\/)/.test(mimetype) ? {} : { sendMediaAsDocument: true };
}

/** Sends one part through whatsapp-web.js and returns the id WhatsApp gave the message. */
export async function sendPart(client: WAClient, chatId: string, part: OutboundPart, limits: MediaLimits): Promise<string> {
  let sent;
  try {
    if (part.kind === 'text') sent = await client.sendMessage(chatId, part.text);
    else if (part.kind === 'location') sent = await client.sendMessage(chatId, new Location(part.latitude, part.longitude, { name: part.name, address: part.address }));
    else {
      const media = await loadMedia(part, limits);
      sent = await client.sendMessage(chatId, media, mediaOptions(media.mimetype));
    }
  } catch (err) {
    throw classifySendError(err, `a ${part.kind} message`);
  }
  // whatsapp-web.js resolves without a message when the chat does not exist.
  if (!sent) throw new BalieError('PLATFORM_REFUSED', 'WhatsApp Web did not send the message: it does not know this chat');
  return sent.id._serialized;
}
