import { afterAll, beforeAll, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';
import { startRedisServer, type RedisProcess } from '../support/redis-server.js';
import { uniquePrefix } from '../support/redis.js';
import { spawnScript, type ReplProcess } from './repl-driver.js';

// Two terminals, two processes, one Redis: what a developer does with `npm run chat -- --agent`.
let redis: RedisProcess;
const repls: ReplProcess[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const repl of repls) await repl.end();
  await redis.stop();
});

/** Names the step that hangs, with both terminals' output, instead of a bare test timeout. */
function step<T>(label: string, promise: Promise<T>, terminals: ReplProcess[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stuck at "${label}"\n${terminals.map((t) => `--- output:\n${t.output}\n--- stderr:\n${t.stderr}`).join('\n')}`)), 30_000);
  });
  return Promise.race([promise, stuck]).finally(() => clearTimeout(timer));
}

it('lets a developer play the agent in a second terminal: offer, accept, talk both ways, resolve', { timeout: 180_000 }, async () => {
  const env = { REDIS_URL: redis.url, BALIE_REDIS_PREFIX: uniquePrefix('agent-repl') };
  const agent = spawnScript('scripts/chat.ts', ['--agent', 'sanne'], env, packageRoot(), 'agent › ');
  const customer = spawnScript('scripts/chat.ts', ['--lang', 'nl', '--conversation', 'repl-agent-1'], env);
  repls.push(customer, agent);
  expect(await step('agent.ready()', agent.ready(), [agent, customer])).toContain('balie desk · Sanne de Vries');
  await step('customer.ready()', customer.ready(), [agent, customer]);

  expect(await step("customer.say('ik wil een medewerker spreken')", customer.say('ik wil een medewerker spreken'), [agent, customer])).toContain('Ik haal er een collega bij');
  await step("agent.waitFor('── offer: webchat-repl:repl-agent-1')", agent.waitFor('── offer: webchat-repl:repl-agent-1'), [agent, customer]);
  await step("agent.say('/accept')", agent.say('/accept'), [agent, customer]);
  // The agent sees what the customer told the bot before.
  await step("agent.waitFor('you now talk with this customer')", agent.waitFor('you now talk with this customer'), [agent, customer]);
  await step("agent.waitFor('customer ik wil een medewerker spreken')", agent.waitFor('customer ik wil een medewerker spreken'), [agent, customer]);
  await step("customer.waitFor('Je praat nu met **Sanne**')", customer.waitFor('Je praat nu met **Sanne**'), [agent, customer]);

  await step("agent.say('Hoi! Waarmee kan ik je helpen?')", agent.say('Hoi! Waarmee kan ik je helpen?'), [agent, customer]);
  await step("customer.waitFor('Sanne de Vries › Hoi! Waarmee kan ik je helpen?')", customer.waitFor('Sanne de Vries › Hoi! Waarmee kan ik je helpen?'), [agent, customer]);
  // The bot stays silent while Sanne has the chat; she hears the customer.
  expect(await step("customer.say('mijn lamp is kapot')", customer.say('mijn lamp is kapot'), [agent, customer])).not.toContain('bot ›');
  await step("agent.waitFor('customer › mijn lamp is kapot')", agent.waitFor('customer › mijn lamp is kapot'), [agent, customer]);

  await step("agent.say('/resolve')", agent.say('/resolve'), [agent, customer]);
  await step("customer.waitFor('Hoe tevreden ben je')", customer.waitFor('Hoe tevreden ben je'), [agent, customer]);
  expect(await agent.end()).toBe(0);
});
