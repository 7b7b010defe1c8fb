import type { Logger as BoltLogger, webApi } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { statusOf } from '../../core/http.js';
import type { Logger } from '../../core/logger.js';
import type { Retry } from './receiver.js';
import { slackError } from './send.js';
import type { SlackPayloadKind } from './webhook.js';
import { codeOf } from '../../core/errors.js';

export interface SocketOptions {
  appToken: string;
  clientOptions: webApi.WebClientOptions;
  boltLogger: BoltLogger;
  logger: () => Logger;
  ingest(kind: SlackPayloadKind, payload: unknown, retry: Retry): Promise<unknown>;
  clientPingTimeoutMs?: number;
  serverPingTimeoutMs?: number;
  /** How long stop() waits for the close handshake. */
  closeTimeoutMs?: number;
}

interface SlackEventArgs {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  type: string;
  body: unknown;
  retry_num?: number;
  retry_reason?: string;
}

/**
 * Socket Mode: Slack pushes the same payloads over a WebSocket that the app opened (no public URL
 * needed). Uses the Socket Mode client directly rather than Bolt's SocketModeReceiver because that
 * receiver acknowledges events before any listener runs; here an envelope is acknowledged only
 * once balie's ingress accepted it, so a failure (Redis down) leaves Slack to deliver it again.
 */
export class SocketConnection {
  private readonly client: SocketModeClient;
  private isConnected = false;

  constructor(private readonly options: SocketOptions) {
    const { logger: _logger, ...clientOptions } = options.clientOptions;
    this.client = new SocketModeClient({
      appToken: options.appToken,
      logger: options.boltLogger,
      clientOptions,
      autoReconnectEnabled: true,
      clientPingTimeout: options.clientPingTimeoutMs,
      serverPingTimeout: options.serverPingTimeoutMs,
    });
    this.client.on('connected', () => {
      this.isConnected = true;
      options.logger().info('Slack Socket Mode connected');
    });
    this.client.on('reconnecting', () => {
      this.isConnected = false;
      options.logger().warn('Slack Socket Mode connection lost; reconnecting');
    });
    this.client.on('disconnected', () => {
      this.isConnected = false;
    });
    this.client.on('slack_event', (args: SlackEventArgs) => {
      void this.onEnvelope(args);
    });
  }

  get connected(): boolean {
    return this.isConnected;
  }

  async start(): Promise<void> {
    try {
      await this.client.start();
    } catch (err) {
      throw slackError(err, 'apps.connections.open');
    }
  }

  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const closed = this.client.disconnect();
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.closeTimeoutMs ?? 3_000);
    });
    try {
      await Promise.race([closed, gaveUp]);
    } finally {
      clearTimeout(timer);
      this.isConnected = false;
    }
  }

  private async onEnvelope({ ack, type, body, retry_num, retry_reason }: SlackEventArgs): Promise<void> {
    const log = this.options.logger();
    if (type === 'events_api' || type === 'interactive') {
      try {
        await this.options.ingest(type === 'events_api' ? 'events' : 'interactions', body, { num: retry_num || undefined, reason: retry_reason || undefined });
      } catch (err) {
        if (statusOf(err) >= 500) {
          log.error({ err, code: codeOf(err) }, 'could not take a Slack event; not acknowledged, so Slack delivers it again');
          return;
        }
        // Resending a payload balie cannot read would not help: acknowledge it and say why.
        log.warn({ err, code: codeOf(err) }, 'Slack sent a Socket Mode payload balie cannot use; acknowledged and dropped');
      }
    } else {
      log.debug({ type }, 'Slack Socket Mode envelope ignored');
    }
    try {
      await ack();
    } catch (err) {
      log.warn({ err }, 'could not acknowledge a Slack Socket Mode envelope; Slack will deliver it again');
    }
  }
}
