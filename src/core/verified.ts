/**
 * What every adapter's `verify` part returns: the request is the platform's (with what the check
 * found, such as a token's expiry), or why not. Never a throw and never a bare boolean, so every
 * channel refuses the same way (401 with the reason) and a caller cannot forget to look.
 */
export type Verified<T = true> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const VERIFIED: Verified = { ok: true, value: true };

export function verified<T>(value: T): Verified<T> {
  return { ok: true, value };
}

export function refused(reason: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason };
}
