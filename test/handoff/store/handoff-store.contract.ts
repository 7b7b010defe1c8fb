import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import { agentsContract } from './contract/agents.js';
import type { Ctx, HandoffStoreFactory, StoreFixture } from './contract/fixtures.js';
import { offersContract } from './contract/offers.js';
import { openContract } from './contract/open.js';
import { ownersContract } from './contract/owners.js';
import { queueContract } from './contract/queue.js';
import { timersAuditContract } from './contract/timers-audit.js';

export type { HandoffStoreFactory } from './contract/fixtures.js';

/** The one suite every HandoffStore must pass. Each test gets a fresh, empty store and its peer. */
export function handoffStoreContract(name: string, factory: HandoffStoreFactory): void {
  describe(`${name} handoff store contract`, () => {
    const opened: StoreFixture[] = [];
    const ctx = {
      create: async (options?: { vipBoostMs?: number }) => {
        const fixture = await factory.create(options);
        opened.push(fixture);
        return fixture;
      },
    } as Ctx;
    beforeEach(async () => {
      Object.assign(ctx, await ctx.create());
    });
    afterEach(async () => {
      for (const f of opened.splice(0)) await Promise.all([f.store.dispose(), f.peer.dispose()]);
    });
    afterAll(() => factory.close());

    agentsContract(ctx);
    openContract(ctx);
    offersContract(ctx);
    ownersContract(ctx);
    queueContract(ctx);
    timersAuditContract(ctx);
  });
}
