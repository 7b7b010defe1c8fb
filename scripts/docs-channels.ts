/**
 * Writes the channel tables of docs/channels.md and README.md from src/adapters/index.ts.
 *   npm run docs:channels            update the files
 *   npm run docs:channels -- --check exit 1 when they are out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { channelModules } from '../src/adapters/index.js';
import { between, channelEnvTable, channelTable } from './docs/channel-tables.js';

const root = join(import.meta.dirname, '..');
const targets = [
  { path: join(root, 'docs/channels.md'), name: 'channels', content: channelTable(channelModules) },
  { path: join(root, 'README.md'), name: 'channel-env', content: channelEnvTable(channelModules) },
];

let stale = 0;
for (const { path, name, content } of targets) {
  const before = readFileSync(path, 'utf8');
  const after = between(before, name, content);
  if (after === before) continue;
  stale++;
  if (process.argv.includes('--check')) console.log(`${path}: the ${name} table is out of date; run npm run docs:channels`);
  else writeFileSync(path, after);
}
process.exit(process.argv.includes('--check') && stale ? 1 : 0);
