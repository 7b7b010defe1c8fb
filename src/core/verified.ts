/**
 * What every adapter's `verify` part returns: the request is the platform's, or why not. Never a
 * throw and never a bare boolean, so a refusal is logged and answered with its reason the same way
 * on every channel (and a caller cannot forget to check a boolean).
 */
export type Verified = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export const VERIFIED: Verified = { ok: true };

export function refused(reason: string): Verified {
  return { ok: false, reason };
}
