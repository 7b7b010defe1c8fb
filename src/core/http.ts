import type { Request, Response } from 'restify';
import type { z } from 'zod';
import { BalieError, type ErrorCode } from './errors.js';
import { formatPath } from './yaml-file.js';

/** An error that knows its HTTP status; its message is shown to the caller, so keep it useful. */
export class HttpError extends BalieError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'HttpError';
  }
}

/** Validates a request part with zod; a failure is a 400 that says which field is wrong and why. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.slice(0, 5).map((i) => `${i.path.length ? formatPath(i.path) : what}: ${i.message}`);
  throw new HttpError(400, 'BAD_REQUEST', `invalid request ${what}: ${details.join('; ')}`);
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  HANDOFF_CONFLICT: 409,
  FAQ_TEACHING_REJECTED: 409,
  STORAGE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
};

export function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof BalieError) return STATUS_BY_CODE[err.code] ?? 500;
  return 500;
}

export function sendError(res: Response, err: unknown): void {
  const status = statusOf(err);
  const code = err instanceof BalieError ? err.code : 'INTERNAL';
  // Internal errors keep their details in the log, not in the answer.
  const message = status >= 500 && !(err instanceof BalieError) ? 'internal error' : (err as Error).message;
  if (status === 503) res.header('Retry-After', '5');
  if (!res.headersSent) res.send(status, { error: { code, message } });
  // Too late for a status: end the answer rather than leave the client waiting for ever.
  else if (!res.writableEnded) res.end();
}

type AsyncHandler = (req: Request, res: Response) => Promise<void>;

/**
 * Wraps a route so that any error becomes a JSON answer with the right status, and errors at 500
 * are logged. Never lets a rejection escape into restify.
 */
export function route(onServerError: (err: unknown, req: Request) => void, fn: AsyncHandler): AsyncHandler {
  return async (req, res) => {
    try {
      await fn(req, res);
    } catch (err) {
      if (statusOf(err) >= 500) onServerError(err, req);
      sendError(res, err);
    }
  };
}

/** The `Authorization: Bearer …` token, if any. */
export function bearerToken(req: Request): string | undefined {
  const header = req.header('authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
