import type { IncomingHttpHeaders } from 'node:http';
import { verifySlackRequest } from '@slack/bolt';
import { VERIFIED, refused, type Verified } from '../../core/verified.js';

/** Slack's replay window: a signed request older (or newer) than this is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Checks a request's `X-Slack-Signature` (HMAC-SHA256 of `v0:{timestamp}:{raw body}` under the
 * signing secret, compared in constant time by Bolt's `verifySlackRequest`) and its timestamp.
 * A refusal says what is wrong; never what the right signature would be.
 */
export function verifySlackSignature(signingSecret: string, headers: IncomingHttpHeaders, rawBody: string | Buffer | undefined, nowMs = Date.now()): Verified {
  const timestamp = single(headers['x-slack-request-timestamp']);
  const signature = single(headers['x-slack-signature']);
  if (!timestamp || !signature) {
    return refused('missing X-Slack-Signature or X-Slack-Request-Timestamp: this endpoint only accepts requests signed by Slack');
  }
  if (!/^\d{1,12}$/.test(timestamp)) return refused('X-Slack-Request-Timestamp must be a Unix time in seconds');
  const seconds = Number(timestamp);
  // Bolt only refuses old timestamps; a far-future one is just as much a replay risk.
  if (Math.abs(nowMs / 1000 - seconds) > MAX_CLOCK_SKEW_SECONDS) {
    return refused("the request is signed more than 5 minutes away from this server's time: a replayed request, or this server's clock is off (check NTP)");
  }
  const body = rawBody === undefined ? '' : typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  try {
    verifySlackRequest({ signingSecret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds }, nowMilliseconds: nowMs });
  } catch {
    return refused('the Slack signature does not match this request: check SLACK_SIGNING_SECRET (Basic Information > App Credentials)');
  }
  return VERIFIED;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
