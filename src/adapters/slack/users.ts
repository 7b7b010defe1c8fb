import type { webApi } from '@slack/bolt';

export interface SlackUser {
  name: string;
  locale?: string;
}

export interface UserDirectoryOptions {
  /** Most users remembered; the least recently used is forgotten first. */
  maxEntries?: number;
  /** How long a name is trusted before it is asked again (people rename themselves). */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Display names (and locales) from users.info, cached in a bounded LRU so a busy workspace costs
 * one call per person per hour, not one per message. Concurrent lookups of one user share a call.
 */
export class UserDirectory {
  private readonly entries = new Map<string, { user: Promise<SlackUser>; until: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: () => webApi.WebClient,
    options: UserDirectoryOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 1_000;
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Rejects when Slack cannot tell (the caller decides what to do without a name). */
  lookup(userId: string): Promise<SlackUser> {
    const now = this.now();
    const cached = this.entries.get(userId);
    if (cached && cached.until > now) {
      // Re-insert: Map order is the LRU order.
      this.entries.delete(userId);
      this.entries.set(userId, cached);
      return cached.user;
    }
    const user = this.fetch(userId);
    this.entries.set(userId, { user, until: now + this.ttlMs });
    // A failed lookup is not remembered, so the next message tries again.
    user.catch(() => this.entries.delete(userId));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return user;
  }

  get size(): number {
    return this.entries.size;
  }

  private async fetch(userId: string): Promise<SlackUser> {
    const { user } = await this.client().users.info({ user: userId, include_locale: true });
    const name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || userId;
    return { name, locale: user?.locale };
  }
}
