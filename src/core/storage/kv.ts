import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis/slots.js';

/** Small values that every process must agree on, e.g. the web chat's signing secret. */
export interface SharedValues {
  /** Returns the value stored under `name`, storing `create()`'s result first if there is none. */
  getOrCreate(name: string, create?: () => string): Promise<string>;
}

const randomSecret = () => randomBytes(32).toString('base64url');

export class MemorySharedValues implements SharedValues {
  private readonly values = new Map<string, string>();

  async getOrCreate(name: string, create = randomSecret): Promise<string> {
    let value = this.values.get(name);
    if (value === undefined) {
      value = create();
      this.values.set(name, value);
    }
    return value;
  }
}

export class RedisSharedValues implements SharedValues {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix = 'balie:',
  ) {}

  async getOrCreate(name: string, create = randomSecret): Promise<string> {
    const key = `${this.prefix}shared:${name}`;
    // SET NX then GET: whichever process comes first wins, the others read its value.
    await this.client.set(key, create(), 'NX');
    const value = await this.client.get(key);
    if (value === null) throw new Error(`shared value ${name} vanished right after it was set`);
    return value;
  }
}
