import { createHash } from 'node:crypto';

/** Telegram's limit on a button's callback_data. */
export const CALLBACK_DATA_MAX_BYTES = 64;
const TOKEN_PREFIX = '#t:';

/**
 * Button values longer than Telegram allows travel as a short token; this process remembers
 * what each token stands for. The map is bounded (oldest first out) and lives in memory, so a
 * token sent by another process, or before a restart, is unknown here: the press then falls back
 * to the button's label (see parse.ts). Values that fit are sent as they are and need no memory.
 */
export class CallbackData {
  private readonly values = new Map<string, string>();

  constructor(private readonly capacity = 5000) {}

  encode(value: string): string {
    if (Buffer.byteLength(value) <= CALLBACK_DATA_MAX_BYTES && !value.startsWith(TOKEN_PREFIX) && value !== '') return value;
    // The same value always gets the same token, so re-sending a keyboard does not grow the map.
    const token = TOKEN_PREFIX + createHash('sha256').update(value).digest('base64url').slice(0, 24);
    this.values.delete(token);
    this.values.set(token, value);
    if (this.values.size > this.capacity) this.values.delete(this.values.keys().next().value!);
    return token;
  }

  /** The value behind `data`, or undefined for a token this process does not know. */
  decode(data: string): string | undefined {
    if (!data.startsWith(TOKEN_PREFIX)) return data;
    return this.values.get(data);
  }
}
