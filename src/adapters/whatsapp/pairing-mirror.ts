import type { RedisClient } from '../../core/redis/slots.js';
import type { PairingSnapshot } from './session.js';

/**
 * The holder's pairing status (and current QR) in Redis, so the QR page works whichever process
 * a load balancer sends the operator to. Standby processes never write it.
 */
export class PairingMirror {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlMs = 3600 * 1000,
  ) {}

  private get key(): string {
    return `${this.prefix}whatsapp:pairing`;
  }

  async write(snapshot: PairingSnapshot): Promise<void> {
    if (snapshot.state === 'standby') return;
    await this.redis.set(this.key, JSON.stringify({ v: 1, snapshot }), 'PX', this.ttlMs);
  }

  async read(): Promise<PairingSnapshot | undefined> {
    const raw = await this.redis.get(this.key);
    if (!raw) return undefined;
    const stored = JSON.parse(raw) as { v?: number; snapshot?: PairingSnapshot };
    return stored.v === 1 ? stored.snapshot : undefined;
  }
}
