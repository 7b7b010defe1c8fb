/**
 * `npm run harness`: several balie processes on one Redis (or a Redis Cluster), fed by customers on
 * Telegram, Slack and the web chat, with a fault injected mid-run. Prints, per scenario: sent,
 * answered, lost, answered twice, out of order, time and rate; exits 1 if anything was lost, out of
 * order, or a process crashed.
 *   npm run harness -- --messages 10000 --conversations 1000 --processes 3 --only sigkill,redis-restart
 *   npm run harness -- --topology cluster --only plain,sigkill
 */
import { formatResult, runHarness, type HarnessOptions } from './harness.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const messages = Number(arg('messages', '10000'));
const conversations = Number(arg('conversations', '1000'));
const processes = Number(arg('processes', '3'));
const leaseSeconds = Number(arg('lease', '3'));
const topology = arg('topology', 'redis') as 'redis' | 'cluster';
const only = arg('only', 'plain,sigkill,redis-restart,redis-crash,rolling-restart').split(',');

type Run = Pick<HarnessOptions, 'scenario' | 'appendfsync' | 'redisSignal'> & { name: string };
const runs: Run[] = [
  { name: 'plain', scenario: 'plain' },
  { name: 'sigkill', scenario: 'sigkill' },
  { name: 'redis-restart', scenario: 'redis-restart', appendfsync: 'everysec' },
  { name: 'redis-restart', scenario: 'redis-restart', appendfsync: 'always' },
  // A crash (SIGKILL) of Redis: only appendfsync always promises to keep every acknowledged write.
  { name: 'redis-crash', scenario: 'redis-restart', appendfsync: 'always', redisSignal: 'SIGKILL' },
  { name: 'rolling-restart', scenario: 'rolling-restart' },
];
let failed = false;
for (const run of runs.filter((r) => only.includes(r.name) && !(topology === 'cluster' && r.scenario === 'redis-restart'))) {
  const { name: _name, ...scenario } = run;
  const result = await runHarness({ ...scenario, messages, conversations, processes, leaseSeconds, topology, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`${formatResult(result)}\n`);
  if (result.lost > 0 || result.outOfOrder > 0 || result.crashed.length > 0 || result.unhandledRejections > 0) failed = true;
}
process.exit(failed ? 1 : 0);
