import { PassThrough } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores } from '../../src/core/stores.js';
import type { RunningBalie } from '../../src/main.js';
import { runAgentMode } from '../../scripts/chat/agent.js';
import { startTestBalie } from '../support/app.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

// Issue #15 defect 5: linking customers from the terminal desk (`npm run chat -- --agent <id>`).
const running: RunningBalie[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
});

function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    io: { input, output },
    type: (line: string) => input.write(`${line}\n`),
    seen: () => text,
    end: () => input.end(),
  };
}

it('/link and /unlink: a supervisor links the customer of a chat to another; an agent is refused', { timeout: 60_000 }, async () => {
  const stores = await createRedisStores({ url: testRedisUrl(), prefix: uniquePrefix('agent-link'), logger: createLogger({ level: 'silent' }) });
  const b = await startTestBalie({ stores });
  running.push(b);
  const ask = async () => {
    const { conversationId, token } = (await (
      await fetch(`${b.url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    ).json()) as {
      conversationId: string;
      token: string;
    };
    await fetch(`${b.url}/api/webchat/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientMessageId: 'agent-link-0001', text: 'ik wil een medewerker spreken' }),
    });
    const key = `webchat:${conversationId}`;
    await expect.poll(async () => (await b.app.handoff!.service.caseFor(key))?.state).toBe('queued');
    return { key, customerKey: `webchat:webchat-user-${conversationId}` };
  };
  const first = await ask();
  const second = await ask();

  const sanne = terminal();
  const sanneDone = runAgentMode(b.app, 'sanne', sanne.io, false);
  // Typed once the desk is ready, as a person would: readline drops lines read before its loop starts.
  await expect.poll(sanne.seen).toContain('/help for commands');
  sanne.type(`/link ${first.key} ${second.key}`);
  await expect.poll(sanne.seen).toMatch(/✗ only supervisors may link customer identities/);
  sanne.end();
  expect(await sanneDone).toBe(0);

  const fatima = terminal();
  const fatimaDone = runAgentMode(b.app, 'fatima', fatima.io, false);
  await expect.poll(fatima.seen).toContain('/help for commands');
  fatima.type(`/link ${first.key} ${second.key}`);
  await expect.poll(fatima.seen).toContain(`── linked: ${[first.customerKey, second.customerKey].sort().join(', ')}`);
  expect((await b.app.handoff!.desk.context(b.app.handoff!.desk.identify('fatima'), first.key)).otherIdentities).toEqual([second.customerKey]);
  fatima.type(`/unlink ${first.key} ${second.customerKey}`);
  await expect.poll(fatima.seen).toContain(`── unlinked ${second.customerKey}`);
  expect((await b.app.handoff!.desk.context(b.app.handoff!.desk.identify('fatima'), first.key)).otherIdentities).toEqual([]);
  fatima.end();
  expect(await fatimaDone).toBe(0);
});
