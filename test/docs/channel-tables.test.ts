import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelModules } from '../../src/adapters/index.js';
import { between, channelEnvTable, channelTable } from '../../scripts/docs/channel-tables.js';

const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the docs name the channels of src/adapters/index.ts', () => {
  it('docs/channels.md has the channel table the list makes (npm run docs:channels)', () => {
    const text = read('docs/channels.md');
    expect(between(text, 'channels', channelTable(channelModules))).toBe(text);
  });

  it("README.md has every channel's variables with what they are (npm run docs:channels)", () => {
    const text = read('README.md');
    expect(between(text, 'channel-env', channelEnvTable(channelModules))).toBe(text);
  });
});
