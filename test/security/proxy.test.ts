import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBalie } from '../../src/main.js';
import { startTestBalie, testConfig } from '../support/app.js';

/*
 * X-Forwarded-For is written by whoever sends the request. balie believes it only on a connection
 * from a proxy, and never lets a header make a request "local" (local requests are not limited).
 */

const TOKENS = 'sanne=proxy-token-sanne-0123456789ab';
let balie: RunningBalie | undefined;
afterEach(async () => {
  await balie?.stop();
  balie = undefined;
});

async function start(limits: { trustedProxies: number; proxyAddresses?: string[]; newConversationsPerIp?: number }): Promise<RunningBalie> {
  const config = testConfig({ BALIE_AGENT_TOKENS: TOKENS });
  balie = await startTestBalie({ config: { ...config, limits: { ...config.limits, proxyAddresses: [], ...limits } } });
  return balie;
}

const startConversation = (b: RunningBalie, forwardedFor: string) =>
  fetch(`${b.url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: '{}' }).then(
    (r) => r.status,
  );

describe('client addresses behind proxies', () => {
  it('does not take a loopback address named in X-Forwarded-For for a local request', async () => {
    const b = await start({ trustedProxies: 1, newConversationsPerIp: 10 });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push(await startConversation(b, '127.0.0.1'));
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('ignores X-Forwarded-For from a client that connects directly, not through a listed proxy', async () => {
    // The test connects from loopback, which is not the listed proxy: as if from the internet.
    const b = await start({ trustedProxies: 1, proxyAddresses: ['10.20.30.40'] });
    const statuses = [];
    for (let i = 0; i < 22; i++) {
      const res = await fetch(`${b.url}/api/desk/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}` },
        body: JSON.stringify({ token: `wrong-token-${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('limits each client a real proxy names, not the proxy', async () => {
    const b = await start({ trustedProxies: 1, newConversationsPerIp: 2 });
    const one = [await startConversation(b, '203.0.113.5'), await startConversation(b, '203.0.113.5'), await startConversation(b, '203.0.113.5')];
    const other = await startConversation(b, '203.0.113.6');
    expect(one).toEqual([201, 201, 429]);
    expect(other).toBe(201);
    // A client's own entries further left prove nothing: the proxy's entry (the last) decides.
    expect(await startConversation(b, '192.0.2.1, 203.0.113.5')).toBe(429);
  });
});
