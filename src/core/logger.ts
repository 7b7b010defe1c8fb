import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerSettings {
  level: string;
  /** Human-readable colour output (when stdout is a terminal); JSON lines otherwise. */
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

// Keys whose values are secrets: never logged, whatever the level.
const SECRET_KEY = /(token|secret|password|passwd|authorization|cookie|signature|api[-_]?key|credentials?)$/i;
// Keys whose values are what customers wrote or who they are: logged only at debug level.
const PRIVATE_KEY = /^(text|body|caption|phone|phoneNumber|phone_number|wa_id|from_phone|contact|vcard|location|latitude|longitude)$/i;
// Phone numbers inside any string: +31 6 12345678, 0612345678, 31612345678@c.us, ... A run of
// digits followed by a decimal fraction is a number, not a phone: a Slack message `ts`
// ("1700000000.000100") must stay whole so a log line can be matched to its Slack message.
// A WhatsApp chat id is a phone number even inside a message id ("false_31612345678@c.us_3EB0…").
const PHONE = /(?<![\w.])\+?\d[\d ()-]{7,}\d(?:@[cg]\.us|(?!\d|\.\d))|\d[\d-]{6,}\d@[cg]\.us/g;
// E-mail addresses inside any string (a WhatsApp chat id, digits@c.us, is a phone and masked as one).
// Matching starts only where a word starts, and the parts are bounded: a 100 kB run of letters is
// scanned once, not once per letter.
const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@(?![cg]\.us\b)[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,24}/gi;

// Credentials by their shape, wherever they turn up (a platform error quoting the request URL or
// the token it refused): Telegram bot tokens, Slack and Meta tokens, bearer tokens, URL passwords.
const SECRET_VALUES: [RegExp, string][] = [
  // Not anchored on a word boundary: in Telegram's API URLs the token follows "bot"
  // (…/bot123456:ABC…/sendMessage), and in an encoded URL its colon is %3A.
  [/(?<!\d)\d{5,}(?::|%3[Aa])[A-Za-z0-9_-]{30,}/g, '[secret]'],
  [/\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{8,}/g, '[secret]'],
  [/\bEAA[A-Za-z0-9_-]{20,}/g, '[secret]'],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[secret]'],
  [/(\/\/[^/\s:@]*:)[^@\s/]+@/g, '$1[secret]@'],
];

function maskSecrets(text: string): string {
  return SECRET_VALUES.reduce((out, [pattern, mask]) => out.replace(pattern, mask), text);
}

function maskText(text: string, keepPrivate: boolean): string {
  return keepPrivate ? maskSecrets(text) : maskSecrets(text).replace(PHONE, '[phone]').replace(EMAIL, '[email]');
}

/**
 * What customers wrote, masked as the logs mask it at info level (secrets, phone numbers, e-mail
 * addresses), for text balie keeps beyond the conversation (the unanswered-question inbox).
 */
export function maskPersonal(text: string): string {
  return maskText(text, false);
}

const SECRET = '[secret]';
const REDACTED = '[redacted]';

function scrub(value: unknown, keepPrivate: boolean, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return maskText(value, keepPrivate);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrub(value.message, keepPrivate, depth + 1, seen),
      code: (value as { code?: unknown }).code,
      stack: scrub(value.stack, keepPrivate, depth + 1, seen),
      cause: scrub((value as { cause?: unknown }).cause, keepPrivate, depth + 1, seen),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, keepPrivate, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && v != null && v !== '') out[key] = SECRET;
    else if (!keepPrivate && PRIVATE_KEY.test(key) && v != null && v !== '') out[key] = REDACTED;
    else out[key] = scrub(v, keepPrivate, depth + 1, seen);
  }
  return out;
}

/**
 * pino with balie's privacy rules: secrets are always masked; message text, phone numbers and
 * other personal data are masked unless the level is debug or trace (asked for while developing).
 */
export function createLogger(settings: LoggerSettings): Logger {
  const keepPrivate = settings.level === 'debug' || settings.level === 'trace';
  const options: LoggerOptions = {
    level: settings.level,
    base: { app: 'balie' },
    // Errors are scrubbed like everything else, so a platform error quoting a token is masked too.
    serializers: { err: (err: unknown) => scrub(err, keepPrivate, 0, new WeakSet()) },
    formatters: {
      log: (obj) => scrub(obj, keepPrivate, 0, new WeakSet()) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const [first, second] = args as unknown[];
        // Without a message pino writes the error's own message, past the serializers: give it
        // the masked one instead.
        if (second === undefined && first !== null && typeof first === 'object') {
          const err = first instanceof Error ? first : (first as { err?: unknown; msg?: unknown }).msg === undefined ? (first as { err?: unknown }).err : undefined;
          const message = (err as { message?: unknown } | undefined)?.message;
          if (typeof message === 'string') args = [first, message] as unknown as typeof args;
        }
        // Strings anywhere (message, interpolated values) and objects interpolated into the message.
        args = args.map((a, i) => (typeof a === 'string' ? maskText(a, keepPrivate) : i > 0 ? scrub(a, keepPrivate, 0, new WeakSet()) : a)) as typeof args;
        method.apply(this, args);
      },
    },
  };
  const destination = settings.destination ?? (settings.pretty ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' }) : undefined);
  return destination ? pino(options, destination) : pino(options);
}
