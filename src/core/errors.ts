/**
 * Errors with a stable `code` and a `cause`, so logs, metrics and callers can tell
 * "the platform refused" from "the network failed" from "a dialog threw". The list is closed, so
 * a new code is a decision (and a line here), and `docs/operations.md` can say what each means.
 */
export const ERROR_CODES = [
  // Start-up and wiring
  'CONFIG_INVALID',
  'DIALOG_INVALID',
  'LISTEN_FAILED',
  'NOT_ATTACHED',
  'NO_ADAPTER',
  // Storage
  'STORAGE_CONFLICT',
  'STORAGE_UNAVAILABLE',
  'STORAGE_SHAPE',
  // Platforms
  'PLATFORM_REFUSED',
  'PLATFORM_UNREACHABLE',
  'NOT_SUPPORTED',
  'NOT_READY',
  // Turns and shutdown
  'DIALOG_FAILED',
  'TURN_HANDED_BACK',
  'TURN_GIVEN_UP',
  'SHUTTING_DOWN',
  // Callers (HTTP): 400, 401 (who are you), 403 (not you), 404, 409, 413, 415, 429
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'SIGN_IN_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'HANDOFF_CONFLICT',
  'FAQ_TEACHING_REJECTED',
  'DESK_NOT_CONFIGURED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'TOO_MANY_STREAMS',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN.has(value);
}

/** The code of `err` when it is a BalieError, else `fallback` (for rethrowing a foreign error as ours). */
export function errorCodeOf(err: unknown, fallback: ErrorCode): ErrorCode {
  return err instanceof BalieError ? err.code : fallback;
}

export class BalieError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BalieError';
    this.code = code;
  }
}

/** One thing wrong in the configuration, said so that a person can fix it. */
export interface ConfigProblem {
  /** The file (relative to the config dir) or `env` for environment variables. */
  source: string;
  /** 1-based line in `source`, when known. */
  line?: number;
  /** Dotted key path, e.g. `PORT` or `entries[3].answer`. */
  key: string;
  problem: string;
  fix: string;
}

export class ConfigError extends BalieError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], options?: { cause?: unknown }) {
    super('CONFIG_INVALID', formatProblems(problems), options);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => {
    const where = p.line ? `${p.source}:${p.line}` : p.source;
    return `  ${where}  ${p.key}: ${p.problem}\n    fix: ${p.fix}`;
  });
  return `balie cannot start: the configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
}

/**
 * The stable code of anything thrown, for metrics and logs: a BalieError's own, a library error's
 * string `code` (ioredis, node), and otherwise DIALOG_FAILED, since what throws inside a turn
 * without a code is the business's dialog code.
 */
export function codeOf(err: unknown): string {
  return err instanceof BalieError ? err.code : typeof (err as { code?: unknown })?.code === 'string' ? String((err as { code: string }).code) : 'DIALOG_FAILED';
}
