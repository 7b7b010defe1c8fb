// The one HTTP client both pages use: JSON requests to this server, retry timing, and the
// Server-Sent Events stream helpers. Everything is same-origin (the CSP allows nothing else).

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (a file upload). */
  raw?: BodyInit;
  /** A bearer token. */
  token?: string;
}

/** One request; network failures reject, HTTP errors do not (the caller reads the status). */
export function request(method: string, url: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  return fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
}

/** The JSON body, or undefined when there is none or it is not JSON. */
export async function readJson<T>(res: Response): Promise<T | undefined> {
  if (res.status === 204) return undefined;
  try {
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

/** What the server's error body says, for a message to show. */
export interface ErrorBody {
  error?: { code?: string; message?: string };
}

/** The Retry-After header in milliseconds (at most 30 s), if there is one. */
export function retryAfterMs(res: Response | undefined): number | undefined {
  const seconds = Number(res?.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 30000) : undefined;
}

/** Exponential back-off up to 15 s; with jitter, somewhere in its upper half, so clients spread out. */
export function backoff(attempt: number, jitter = true): number {
  const base = Math.min(15000, 500 * 2 ** Math.min(attempt, 5));
  return jitter ? base / 2 + Math.random() * (base / 2) : base;
}

const sleepers = new Set<() => void>();
let watchingOnline = false;

/** Waits `ms`, or less when the browser comes back online. */
export function sleep(ms: number): Promise<void> {
  if (!watchingOnline) {
    watchingOnline = true;
    window.addEventListener('online', () => [...sleepers].forEach((wake) => wake()));
  }
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sleepers.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    sleepers.add(done);
  });
}

/** An event stream's frame as JSON; undefined for a frame that is not. */
export function eventData(event: Event): unknown {
  try {
    return JSON.parse((event as MessageEvent<string>).data);
  } catch {
    return undefined;
  }
}

/**
 * The "connection lost" banner: a short blip is not worth one; an outage is (however often the
 * browser retries meanwhile). Returns setConnected(connected, text).
 */
export function connectionBanner(els: { banner: HTMLElement; text: HTMLElement }, delayMs: number, onChange?: (connected: boolean) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (connected: boolean, text: () => string = () => els.text.textContent ?? ''): void => {
    if (connected) {
      clearTimeout(timer);
      timer = undefined;
      els.banner.hidden = true;
      onChange?.(true);
      return;
    }
    if (!els.banner.hidden || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      els.text.textContent = text();
      els.banner.hidden = false;
      onChange?.(false);
    }, delayMs);
  };
}
