import type { webApi } from '@slack/bolt';
import { BalieError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Metrics } from '../../core/metrics.js';
import type { Pacer } from '../../core/pacer.js';
import type { SendLimits } from '../../core/send-limits.js';
import { paceId } from '../../core/send-pace.js';
import type { RetryPolicy } from '../../core/retry.js';
import type { SlackMessage } from './format.js';

type WebClient = webApi.WebClient;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4_000 };

/**
 * The WebClient's retries (p-retry options), bounded: its default keeps retrying for about 30
 * minutes, which would hold a conversation's queue that long. A 429 is retried after Slack's
 * Retry-After (the client waits it out, pausing its request queue), network failures and 5xx
 * after a short backoff with jitter.
 */
export function boltRetryConfig(policy: RetryPolicy): NonNullable<webApi.WebClientOptions['retryConfig']> {
  return { retries: Math.max(0, policy.attempts - 1), minTimeout: policy.baseDelayMs, maxTimeout: policy.maxDelayMs, factor: 2, randomize: true };
}

/** What went wrong talking to Slack, with a stable code: refused (4xx, ok:false) vs unreachable. */
export function slackError(err: unknown, method: string): BalieError {
  if (err instanceof BalieError) return err;
  const e = err as { code?: string; data?: { error?: string; needed?: string }; statusCode?: number; message?: string };
  if (e.code === 'slack_webapi_platform_error') {
    const reason = e.data?.error ?? 'unknown_error';
    const hint =
      reason === 'missing_scope'
        ? ` (the app needs the ${e.data?.needed ?? 'missing'} scope: add it in the manifest and reinstall)`
        : reason === 'invalid_auth' || reason === 'not_authed' || reason === 'token_revoked'
          ? ' (check SLACK_BOT_TOKEN)'
          : '';
    return withPlatformError(new BalieError('PLATFORM_REFUSED', `Slack refused ${method}: ${reason}${hint}`, { cause: err }), reason);
  }
  if (e.code === 'slack_webapi_rate_limited_error' || /rate limit/i.test(e.message ?? '')) {
    return withPlatformError(new BalieError('PLATFORM_REFUSED', `Slack kept rate-limiting ${method} after the retries`, { cause: err }), 'ratelimited');
  }
  if (e.code === 'slack_webapi_http_error' && e.statusCode !== undefined && e.statusCode < 500) {
    return withPlatformError(new BalieError('PLATFORM_REFUSED', `Slack answered ${method} with HTTP ${e.statusCode}`, { cause: err }), `http_${e.statusCode}`);
  }
  return new BalieError('PLATFORM_UNREACHABLE', `could not reach Slack for ${method}: ${e.message ?? String(err)}`, { cause: err });
}

function withPlatformError(error: BalieError, platformError: string): BalieError {
  return Object.assign(error, { platformError });
}

export interface SlackSenderDeps {
  client: () => WebClient;
  metrics: () => Metrics;
  logger: () => Logger;
  channelId: string;
  /** The app's pace and Slack's limits (balie.yaml `sendLimits.slack`); none before attach. */
  pace?: () => { pacer: Pacer; limits: SendLimits['slack'] } | undefined;
  /** Whose limits: the bot token (hashed before it goes anywhere). */
  botToken?: string;
}

/**
 * chat.postMessage with Slack's errors mapped, logged and counted; nothing is dropped quietly.
 * Paced first: a message a second per channel and the app's own pace (shared by every process
 * when the app has Redis), so Slack's 429s stay the exception the WebClient's retries cover.
 */
export class SlackSender {
  private readonly app: string;

  constructor(private readonly deps: SlackSenderDeps) {
    this.app = `slack:${paceId(deps.botToken ?? '')}`;
  }

  async post(target: { channel: string; threadTs?: string }, message: SlackMessage): Promise<string | undefined> {
    const pace = this.deps.pace?.();
    if (pace) {
      const { pacer, limits } = pace;
      await pacer.wait({ key: `${this.app}:app`, rate: limits.perApp }, { key: `${this.app}:channel:${paceId(target.channel)}`, rate: limits.perChannel });
    }
    try {
      const result = await this.deps.client().chat.postMessage({
        channel: target.channel,
        thread_ts: target.threadTs,
        text: message.text,
        // Block Kit types are a wide union; the shapes built in format.ts follow it.
        blocks: message.blocks as never,
        username: message.username,
        icon_url: message.icon_url,
      });
      return result.ts;
    } catch (err) {
      const error = slackError(err, 'chat.postMessage');
      this.deps.metrics().sendFailures.inc({ channel: this.deps.channelId, code: error.code });
      this.deps
        .logger()
        .error(
          { err: error, code: error.code, platformError: (error as { platformError?: string }).platformError, slackChannel: target.channel },
          'Slack did not take a message; it was not delivered',
        );
      throw error;
    }
  }
}
