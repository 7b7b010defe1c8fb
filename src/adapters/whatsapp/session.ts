import type { Logger } from 'pino';
import type { SessionLease } from './lease.js';
import type { WAClient } from './library.js';
import type { Timers } from './timers.js';
import { backoffMs, type RetryPolicy } from '../../core/retry.js';
import { codeOf } from '../../core/errors.js';

export type PairingState =
  /** Not started, or stopped. */
  | 'stopped'
  /** Another process holds the lease and runs the session. */
  | 'standby'
  /** A browser is starting and loading WhatsApp Web. */
  | 'starting'
  /** Waiting for someone to scan the QR code. */
  | 'qr'
  | 'authenticated'
  | 'ready'
  /** WhatsApp did not accept the stored session. */
  | 'auth_failure'
  /** The connection ended; a new client starts after a backoff. */
  | 'disconnected';

export interface PairingSnapshot {
  state: PairingState;
  /** The code to show while state is 'qr'. */
  qr?: string;
  detail?: string;
  /** The account's display name once ready. */
  account?: string;
  /** Epoch ms of the last change. */
  since: number;
  /** Which process reported this. */
  processId: string;
}

export interface SessionOptions {
  processId: string;
  /** A fresh whatsapp-web.js Client (with a fresh auth strategy) for every connection. */
  createClient(): WAClient;
  /** Adds the adapter's message listeners to a new client. */
  wire(client: WAClient): void;
  timers: Timers;
  logger: Logger;
  reconnect: Omit<RetryPolicy, 'attempts'>;
  /** Present when several processes share Redis: only the lease holder connects. */
  lease?: SessionLease;
  onQr(qr: string, first: boolean): void;
  /** Told about every change (the Redis mirror for the QR page of other processes). */
  onChange?(snapshot: PairingSnapshot): void;
}

/**
 * The life of the WhatsApp Web connection: wait for the lease (when there is one), build a client,
 * follow it through QR, authentication and ready, and after a disconnect or a failed start build a
 * NEW client after an exponential backoff (whatsapp-web.js destroys its client on disconnect, so
 * the old one cannot be reused).
 */
export class WhatsappSession {
  private current?: WAClient;
  private snapshot: PairingSnapshot;
  private attempt = 0;
  private reconnectTimer: unknown;
  private running = false;
  private qrShown = false;

  constructor(private readonly options: SessionOptions) {
    this.snapshot = { state: 'stopped', since: options.timers.now(), processId: options.processId };
  }

  /** The client, once WhatsApp Web is ready to send; undefined otherwise. */
  get readyClient(): WAClient | undefined {
    return this.snapshot.state === 'ready' ? this.current : undefined;
  }

  /** The client of the connection being made or in use, ready or not. */
  get client(): WAClient | undefined {
    return this.current;
  }

  get state(): PairingSnapshot {
    return this.snapshot;
  }

  start(): void {
    this.running = true;
    if (this.options.lease) {
      this.set('standby', { detail: 'waiting for the WhatsApp session lease' });
      this.options.lease.start();
    } else this.connect();
  }

  /** Called by the lease when this process becomes the holder. */
  leaseAcquired(): void {
    if (!this.running) return;
    this.options.logger.info({ processId: this.options.processId }, 'this process now runs the WhatsApp Web session');
    this.attempt = 0;
    this.connect();
  }

  /** Called by the lease when it was lost: stop driving the session at once. */
  leaseLost(reason: string): void {
    if (!this.running) return;
    this.options.logger.warn({ reason, code: 'LEASE_LOST' }, 'lost the WhatsApp session lease; closing the session here so only one process drives it');
    this.options.timers.clearTimeout(this.reconnectTimer);
    void this.dropClient();
    this.set('standby', { detail: `lease lost (${reason}); waiting to take it again` });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.options.timers.clearTimeout(this.reconnectTimer);
    await this.dropClient();
    // Reported while the lease is still ours, so the shared status says "stopped", not "ready".
    this.set('stopped');
    await this.options.lease?.stop();
  }

  private connect(): void {
    if (!this.running) return;
    let client: WAClient;
    try {
      client = this.options.createClient();
    } catch (err) {
      this.options.logger.error({ err, code: codeOf(err) }, 'could not create the WhatsApp Web client');
      return this.failed('could not create the client');
    }
    this.current = client;
    this.qrShown = false;
    this.listen(client);
    this.options.wire(client);
    this.set('starting', { detail: 'starting the browser and loading WhatsApp Web' });
    client.initialize().catch((err: unknown) => {
      if (client !== this.current) return;
      this.options.logger.error({ err, code: 'PLATFORM_UNREACHABLE' }, 'WhatsApp Web did not start');
      void this.dropClient();
      this.failed(`the browser or WhatsApp Web did not start: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private listen(client: WAClient): void {
    const mine = () => client === this.current && this.running;
    client.on('qr', (qr: string) => {
      if (!mine()) return;
      this.set('qr', { qr, detail: 'scan the QR code with the business phone' });
      this.options.onQr(qr, !this.qrShown);
      this.qrShown = true;
    });
    client.on('authenticated', () => {
      if (mine()) this.set('authenticated', { detail: 'paired; loading chats' });
    });
    client.on('ready', () => {
      if (!mine()) return;
      this.attempt = 0;
      const account = (client.info as { pushname?: string } | undefined)?.pushname;
      this.set('ready', { account });
      this.options.logger.info('WhatsApp Web is connected and ready');
    });
    client.on('auth_failure', (message: unknown) => {
      if (!mine()) return;
      this.options.logger.error({ code: 'WHATSAPP_AUTH_FAILED', reason: String(message) }, 'WhatsApp did not accept the stored session; a new QR code will be needed');
      // The library destroys this client itself; start over with a new one (and a new QR).
      this.current = undefined;
      client.removeAllListeners();
      this.failed(`WhatsApp did not accept the stored session (${String(message)}); a new QR code follows`, 'auth_failure');
    });
    client.on('disconnected', (reason: unknown) => {
      if (!mine()) return;
      this.options.logger.warn({ reason: String(reason), code: 'WHATSAPP_DISCONNECTED' }, 'WhatsApp Web disconnected; reconnecting with a new client');
      void this.dropClient();
      this.failed(`disconnected (${String(reason)})`);
    });
    client.on('change_state', (state: unknown) => {
      if (mine()) this.options.logger.debug({ state: String(state) }, 'WhatsApp Web connection state changed');
    });
  }

  /** Plans the next client after a backoff: 1 s, 2 s, 4 s ... up to the cap. */
  private failed(detail: string, state: PairingState = 'disconnected'): void {
    if (!this.running) return;
    const delay = backoffMs(this.options.reconnect, this.attempt++);
    this.set(state, { detail: `${detail}; trying again in ${Math.ceil(delay / 1000)} s` });
    this.options.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = this.options.timers.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.options.lease && !this.options.lease.isHeld()) return;
      this.connect();
    }, delay);
  }

  private async dropClient(): Promise<void> {
    const client = this.current;
    this.current = undefined;
    if (!client) return;
    client.removeAllListeners();
    try {
      await client.destroy();
    } catch (err) {
      // Usually "the browser is already gone", which is what we wanted.
      this.options.logger.debug({ err }, 'destroying the old WhatsApp Web client failed');
    }
  }

  private set(state: PairingState, extra: { qr?: string; detail?: string; account?: string } = {}): void {
    this.snapshot = { state, since: this.options.timers.now(), processId: this.options.processId, ...extra };
    this.options.onChange?.(this.snapshot);
  }
}
