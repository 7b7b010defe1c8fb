// The agent API (/api/desk): JSON in and out, errors as ApiError with the server's code.

import { readJson, request, type ErrorBody } from '../shared/http.js';
import { state } from './state.js';

const API = '/api/desk';

export class ApiError extends Error {
  retryAfter: number | undefined;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Any thrown value as an ApiError (status 0: it never reached the server). */
export function apiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', err instanceof Error ? err.message : String(err));
}

interface ApiOptions {
  raw?: BodyInit;
  headers?: Record<string, string>;
  /** Asked while signing in: a 401 is an answer, not an ended session. */
  signIn?: boolean;
}

let onSessionEnded: () => void = () => {};

/** What to do when a call finds the session gone (set once by the page). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, options: ApiOptions = {}): Promise<T | undefined> {
  let res: Response;
  try {
    res = await request(method, `${API}${path}`, { json: body, raw: options.raw, headers: options.headers });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', (err as Error | undefined)?.message || 'network error');
  }
  learnSkew(res);
  const data = await readJson<T & ErrorBody>(res);
  if (!res.ok) {
    const error = new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? `HTTP ${res.status}`);
    error.retryAfter = Number(res.headers.get('retry-after')) || undefined;
    if (res.status === 401 && !options.signIn && state.me) onSessionEnded();
    throw error;
  }
  return data;
}

function learnSkew(res: Response): void {
  const date = Date.parse(res.headers.get('date') ?? '');
  if (Number.isNaN(date)) return;
  // The Date header has whole seconds: only a clearly wrong browser clock is corrected.
  const skew = date + 500 - Date.now();
  state.skew = Math.abs(skew) > 2000 ? skew : 0;
}

export const enc = encodeURIComponent;
