import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slackChannel } from '../../../src/adapters/slack/module.js';
import { loadConfig } from '../../../src/config.js';
import { settingsOf } from '../../../src/core/channel-module.js';
import { ConfigError } from '../../../src/core/errors.js';

const CONFIG_DIR = resolve(import.meta.dirname, '../../../config');
const SLACK = { BALIE_CONFIG_DIR: CONFIG_DIR, SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'a-signing-secret-0000' };

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('SLACK_DESK_CHANNEL', () => {
  it('takes a channel id', () => {
    expect(settingsOf(loadConfig({ ...SLACK, SLACK_DESK_CHANNEL: 'C0DESK00001' }).channels, slackChannel)?.deskChannel).toBe('C0DESK00001');
  });

  it('refuses a channel name, and says where to find the id', () => {
    const [problem] = problemsOf(() => loadConfig({ ...SLACK, SLACK_DESK_CHANNEL: '#support-desk' }));
    expect(problem).toMatchObject({ source: 'env', key: 'SLACK_DESK_CHANNEL' });
    expect(problem!.problem).toContain('id');
    expect(problem!.problem).toContain('"#support-desk"');
    expect(problem!.fix).toMatch(/Channel ID/);
  });

  it('needs the Slack app token to post with', () => {
    const [problem] = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: CONFIG_DIR, SLACK_DESK_CHANNEL: 'C0DESK00001' }));
    expect(problem).toMatchObject({ key: 'SLACK_BOT_TOKEN' });
    expect(problem!.problem).toContain('SLACK_DESK_CHANNEL');
  });

  it('refuses two agents with one Slack user id in agents.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'balie-config-'));
    cpSync(CONFIG_DIR, dir, { recursive: true });
    const agents = readFileSync(join(dir, 'agents.yaml'), 'utf8').replace(/(\n    role: agent\n)/g, '$1    slackUserId: U0SAME00001\n');
    writeFileSync(join(dir, 'agents.yaml'), agents);
    const [problem] = problemsOf(() => loadConfig({ ...SLACK, BALIE_CONFIG_DIR: dir }));
    expect(problem).toMatchObject({ source: 'agents.yaml', key: 'agents[1].slackUserId' });
    expect(problem!.problem).toContain('U0SAME00001');
  });
});
