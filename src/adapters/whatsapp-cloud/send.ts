import type { Logger } from 'pino';
import { BalieError } from '../../core/errors.js';
import type { OutboundMessage } from './format.js';
import { backoffMs, type RetryPolicy } from '../../core/retry.js';
import type { Pacer } from '../../core/pacer.js';
import type { SendLimits } from '../../core/send-limits.js';
import { paceId } from '../../core/send-pace.js';

export const DEFAULT_API_URL = 'https://graph.facebook.com/v21.0';

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface GraphClientOptions {
  apiUrl: string;
  token: string;
  phoneNumberId: string;
  retry: RetryPolicy;
  /** Per HTTP request. */
  timeoutMs: number;
  logger: () => Logger;
  /** The app's pace and WhatsApp's limits (balie.yaml `sendLimits.whatsappCloud`); none before attach. */
  pace?: () => { pacer: Pacer; limits: SendLimits['whatsappCloud'] } | undefined;
}

/** What the Graph API says in `{ error: {...} }`. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

/** The Graph API answered with an error: `status` is the HTTP status, `graphCode` Meta's own code. */
export class GraphApiError extends BalieError {
  constructor(
    code: 'PLATFORM_REFUSED' | 'PLATFORM_UNREACHABLE',
    message: string,
    readonly status: number,
    readonly graphCode: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'GraphApiError';
  }
}

// Meta's rate-limit codes: app/account call limits (4, 80007), throughput (130429), too many
// messages to one customer in a short time (131056). Retrying later is what Meta asks for.
const RATE_LIMITED = new Set([4, 80007, 130429, 131056]);
// Temporary failures on Meta's side.
const TRANSIENT = new Set([1, 2, 131000, 131016]);

/** What the common refusals mean, said so that an operator knows what to do. */
const EXPLAIN: Record<number, string> = {
  190: 'the access token is invalid or has expired: set a new WHATSAPP_CLOUD_TOKEN (a System User token does not expire)',
  10: 'the access token lacks the whatsapp_business_messaging permission',
  100: 'WhatsApp refused a parameter of the message',
  131009: 'WhatsApp refused a parameter of the message',
  131026: 'the message could not be delivered (the number may not be on WhatsApp, may not have accepted the latest terms, or uses an old app)',
  131047: 'more than 24 hours have passed since the customer last wrote; outside that window WhatsApp only accepts template messages, which balie does not send',
  131051: 'WhatsApp does not support this message type',
  131052: "WhatsApp could not download the customer's media",
  131053: 'WhatsApp could not fetch the media from its link (is it public, and of a supported type and size?)',
  133010: 'the business phone number is not registered with the Cloud API',
  368: 'the business account is temporarily blocked for policy violations',
};

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The few Graph API calls balie makes, over plain fetch: send a message, mark one read (with the
 * typing indicator), look up and download media. Rate limits, 5xx answers and network failures
 * are retried with exponential back-off (honouring Retry-After); other refusals fail at once.
 */
export class GraphClient {
  private readonly stopping = new AbortController();

  constructor(private readonly options: GraphClientOptions) {}

  /**
   * Sends one message to `to` (a wa_id); resolves with WhatsApp's message id (`wamid...`). Paced
   * first: the number's throughput and the customer's pair rate, for all processes together when
   * the app has Redis.
   */
  async sendMessage(to: string, message: OutboundMessage): Promise<string> {
    const pace = this.options.pace?.();
    if (pace) {
      const number = `whatsapp-cloud:${paceId(this.options.phoneNumberId)}`;
      const { perNumber, perCustomer } = pace.limits;
      await pace.pacer.wait({ key: `${number}:number`, rate: perNumber }, { key: `${number}:to:${paceId(to)}`, rate: perCustomer }, this.stopping.signal);
    }
    const answer = (await this.call('POST', `/${this.options.phoneNumberId}/messages`, { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message })) as {
      messages?: { id?: string }[];
    };
    return answer.messages?.[0]?.id ?? '';
  }

  /** Marks the customer's message (and those before it) as read; with `typing`, shows "typing…" for up to 25 s. */
  async markRead(messageId: string, typing: boolean): Promise<void> {
    await this.call(
      'POST',
      `/${this.options.phoneNumberId}/messages`,
      { messaging_product: 'whatsapp', status: 'read', message_id: messageId, ...(typing ? { typing_indicator: { type: 'text' } } : {}) },
      1,
    );
  }

  /** The phone number's public details; used at start to check the token. */
  async phoneNumber(): Promise<{ display_phone_number?: string; verified_name?: string }> {
    return (await this.call('GET', `/${this.options.phoneNumberId}?fields=display_phone_number,verified_name`, undefined, 1)) as {
      display_phone_number?: string;
      verified_name?: string;
    };
  }

  /** Looks up a media id (Meta keeps inbound media for a limited time) and downloads the file. */
  async downloadMedia(mediaId: string, maxBytes: number): Promise<{ data: Buffer; contentType?: string }> {
    const info = (await this.call('GET', `/${encodeURIComponent(mediaId)}`)) as { url?: string; mime_type?: string; file_size?: number };
    if (!info.url) throw new GraphApiError('PLATFORM_REFUSED', `the Graph API gave no download URL for media ${mediaId}`, 200, undefined);
    if (typeof info.file_size === 'number' && info.file_size > maxBytes) {
      throw new BalieError('PAYLOAD_TOO_LARGE', `media ${mediaId} is ${info.file_size} bytes, more than the ${maxBytes} balie downloads`);
    }
    // The download URL needs the same bearer token (Meta documents it so).
    const res = await this.request('GET', info.url, undefined, this.options.retry.attempts);
    const data = Buffer.from(await res.arrayBuffer());
    if (data.length > maxBytes) throw new BalieError('PAYLOAD_TOO_LARGE', `media ${mediaId} is larger than the ${maxBytes} bytes balie downloads`);
    return { data, contentType: info.mime_type ?? res.headers.get('content-type') ?? undefined };
  }

  /** Aborts requests in flight and back-offs waiting to retry. */
  close(): void {
    this.stopping.abort(new BalieError('SHUTTING_DOWN', 'the WhatsApp Cloud adapter is stopping'));
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, attempts = this.options.retry.attempts): Promise<unknown> {
    const res = await this.request(method, `${this.options.apiUrl.replace(/\/+$/, '')}${path}`, body, attempts);
    return res.json().catch(() => ({}));
  }

  private async request(method: 'GET' | 'POST', url: string, body: unknown, attempts: number): Promise<Response> {
    const { retry } = this.options;
    for (let attempt = 1; ; attempt++) {
      if (this.stopping.signal.aborted) throw this.stopping.signal.reason;
      let failure: GraphApiError;
      let retryAfterMs: number | undefined;
      try {
        const res = await fetch(url, {
          method,
          headers: { authorization: `Bearer ${this.options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.options.timeoutMs)]),
        });
        if (res.ok) return res;
        failure = await errorOf(res);
        retryAfterMs = retryAfter(res.headers.get('retry-after'));
        if (!isRetryable(failure)) throw failure;
      } catch (err) {
        if (this.stopping.signal.aborted) throw this.stopping.signal.reason;
        if (err instanceof GraphApiError) {
          if (!isRetryable(err)) throw err;
          failure = err;
        } else {
          failure = new GraphApiError('PLATFORM_UNREACHABLE', `could not reach the WhatsApp Cloud API: ${(err as Error).message}`, 0, undefined, { cause: err });
        }
      }
      if (attempt >= attempts) throw failure;
      const backoff = backoffMs(retry, attempt - 1);
      const delay = Math.min(retry.maxDelayMs, retryAfterMs ?? backoff / 2 + Math.random() * (backoff / 2));
      this.options
        .logger()
        .warn({ code: failure.code, status: failure.status, graphCode: failure.graphCode, attempt, delayMs: Math.round(delay) }, 'WhatsApp Cloud API call failed; retrying');
      await sleep(delay, this.stopping.signal);
    }
  }
}

function isRetryable(err: GraphApiError): boolean {
  return err.status === 0 || err.status === 429 || err.status >= 500 || (err.graphCode !== undefined && (RATE_LIMITED.has(err.graphCode) || TRANSIENT.has(err.graphCode)));
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function errorOf(res: Response): Promise<GraphApiError> {
  const text = await res.text().catch(() => '');
  let error: GraphErrorBody = {};
  try {
    error = ((JSON.parse(text) as { error?: GraphErrorBody }).error ?? {}) as GraphErrorBody;
  } catch {
    // Not JSON (e.g. a proxy's error page): the status says enough.
  }
  const code = res.status >= 500 ? 'PLATFORM_UNREACHABLE' : 'PLATFORM_REFUSED';
  const graph = error.code !== undefined ? ` (code ${error.code}${error.error_subcode ? `/${error.error_subcode}` : ''})` : '';
  const meaning = (error.code !== undefined && EXPLAIN[error.code]) || (RATE_LIMITED.has(error.code ?? -1) || res.status === 429 ? 'rate limited by WhatsApp' : undefined);
  const said = [error.message, error.error_data?.details].filter(Boolean).join(': ');
  const message = `the WhatsApp Cloud API answered ${res.status}${graph}${meaning ? `: ${meaning}` : ''}${said ? ` [${said}]` : ''}`;
  return new GraphApiError(code, message, res.status, error.code, { cause: error.fbtrace_id ? { fbtrace_id: error.fbtrace_id } : undefined });
}
