import { describe, expect, it } from 'vitest';
import { formatResult, runHarness } from '../../scripts/harness/harness.js';

// The multi-process harness (npm run harness runs it full size: 3 processes, 10,000 messages over
// 1,000 conversations), scaled down: three balie processes on one Redis behind a round-robin
// balancer, customers on Telegram (webhooks), Slack (Events API) and the web chat, a fake of each
// platform recording what the customers saw. See docs/operations.md "The multi-process harness".
const SIZE = { processes: 3, messages: 360, conversations: 60 };
const clean = { lost: 0, outOfOrder: 0, crashed: [], unhandledRejections: 0 };

describe('several balie processes on one Redis', () => {
  it('answer every message once and in order', { timeout: 180_000 }, async () => {
    const r = await runHarness({ scenario: 'plain', ...SIZE });
    console.log(formatResult(r));
    expect(r).toMatchObject({ ...clean, answeredTwice: 0, sent: 360, answered: 360 });
  });

  it('lose nothing and keep order when one process is killed with SIGKILL mid-run', { timeout: 180_000 }, async () => {
    const r = await runHarness({ scenario: 'sigkill', ...SIZE });
    console.log(formatResult(r), `\n${r.examples.join('\n')}`);
    expect(r).toMatchObject(clean);
    // A turn whose reply was out when its process died, but not yet committed, is answered again
    // by the process that takes the conversation over (at-least-once): at most one message per
    // conversation the killed process was running, and only on the platforms (the web chat's
    // reply is part of the commit).
    expect(r.answeredTwice).toBeLessThanOrEqual(SIZE.conversations / 3);
    expect(r.byChannel.webchat!.answeredTwice).toBe(0);
  });

  it('lose nothing when Redis (AOF, appendfsync always) restarts mid-run; while it is down /readyz and the webhooks answer 503', { timeout: 180_000 }, async () => {
    const r = await runHarness({ scenario: 'redis-restart', appendfsync: 'always', ...SIZE });
    console.log(formatResult(r), `\n${r.examples.join('\n')}`);
    expect(r).toMatchObject(clean);
    expect(r.outage!.readyz503).toBe(r.outage!.readyzProbes);
    expect(r.outage!.readyzProbes).toBe(SIZE.processes);
    // Every delivery made while Redis was down was refused with 503 (so the platform retries); none was taken.
    expect(Object.keys(r.outage!.deliveries)).toEqual(['503']);
    // And service resumed by itself: every process ready again, every message answered (lost 0 above).
    expect(r.outage!.readyAgain).toBe(true);
  });

  it('lose nothing in a rolling restart (SIGTERM, then a new process, one at a time)', { timeout: 240_000 }, async () => {
    const r = await runHarness({ scenario: 'rolling-restart', ...SIZE });
    console.log(formatResult(r), `\n${r.examples.join('\n')}`);
    expect(r).toMatchObject({ ...clean, answeredTwice: 0 });
  });
});
