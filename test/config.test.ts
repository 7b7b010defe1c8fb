import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';

const CONFIG_DIR = resolve(import.meta.dirname, '../config');

function copyConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'balie-config-'));
  cpSync(CONFIG_DIR, dir, { recursive: true });
  return dir;
}

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('loads the shipped config with defaults from an empty environment', () => {
    const config = loadConfig({ BALIE_CONFIG_DIR: CONFIG_DIR });
    expect(config.port).toBe(3978);
    expect(config.redisUrl).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.bot.name).toBe('Tulp & Co');
    expect(config.agents.map((a) => a.id)).toContain('sanne');
    expect(config.faq.map((f) => f.language).sort()).toEqual(['en', 'nl']);
    expect(config.channels.map((c) => c.module.id)).toEqual(['webchat']);
  });

  it('names every bad environment variable, the problem and the fix, all at once', () => {
    const problems = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: CONFIG_DIR, PORT: 'eighty', REDIS_URL: 'http://localhost:6379', LOG_LEVEL: 'loud' }));
    expect(problems.map((p) => p.key).sort()).toEqual(['LOG_LEVEL', 'PORT', 'REDIS_URL']);
    const port = problems.find((p) => p.key === 'PORT')!;
    expect(port.source).toBe('env');
    expect(port.problem).toContain('"eighty"');
    expect(port.fix).toMatch(/PORT=3978/);
  });

  it('refuses a Slack token without a way to verify Slack requests', () => {
    const problems = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: CONFIG_DIR, SLACK_BOT_TOKEN: 'xoxb-1-2-3' }));
    expect(problems[0]).toMatchObject({ key: 'SLACK_SIGNING_SECRET' });
  });

  it('reports a YAML syntax error in balie.yaml with its line', () => {
    const dir = copyConfig();
    writeFileSync(join(dir, 'balie.yaml'), 'version: 1\nbot:\n  name: "Tulp\n  defaultLanguage: nl\n');
    const [problem] = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: dir }));
    expect(problem).toMatchObject({ source: 'balie.yaml' });
    expect(problem!.line).toBeGreaterThanOrEqual(3);
    expect(problem!.problem).toMatch(/not valid YAML/);
  });

  it.each(['1.5', 'sometimes'])('listening.feedback: %s is refused with what it may be', (value) => {
    const dir = copyConfig();
    writeFileSync(join(dir, 'balie.yaml'), readFileSync(join(dir, 'balie.yaml'), 'utf8').replace('feedback: 0.3', `feedback: ${value}`));
    const [problem] = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: dir }));
    expect(problem).toMatchObject({ source: 'balie.yaml', key: 'listening.feedback' });
    expect(problem!.problem).toContain('off or a share of conversations between 0 and 1');
  });

  it('listening.feedback is a share of conversations, or off', () => {
    expect(loadConfig({ BALIE_CONFIG_DIR: CONFIG_DIR }).listening.feedback).toBe(0.3);
    const dir = copyConfig();
    writeFileSync(join(dir, 'balie.yaml'), readFileSync(join(dir, 'balie.yaml'), 'utf8').replace('feedback: 0.3', 'feedback: off'));
    expect(loadConfig({ BALIE_CONFIG_DIR: dir }).listening.feedback).toBe('off');
  });

  it('reports a wrong value in balie.yaml with file, line and key', () => {
    const dir = copyConfig();
    const text = readFileSync(join(dir, 'balie.yaml'), 'utf8').replace('offerHumanAfter: 1', 'offerHumanAfter: lots');
    writeFileSync(join(dir, 'balie.yaml'), text);
    const [problem] = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: dir }));
    const line = text.split('\n').findIndex((l) => l.includes('offerHumanAfter: lots')) + 1;
    expect(problem).toMatchObject({ source: 'balie.yaml', key: 'dialogs.offerHumanAfter', line });
  });

  it('reads listening.agentsMayTeachFromHandoff (#14.3), and says what it takes when it is not true or false', () => {
    expect(loadConfig({ BALIE_CONFIG_DIR: CONFIG_DIR }).listening.agentsMayTeachFromHandoff).toBe(false);
    const dir = copyConfig();
    const text = readFileSync(join(dir, 'balie.yaml'), 'utf8').replace('agentsMayTeachFromHandoff: false', 'agentsMayTeachFromHandoff: sometimes');
    writeFileSync(join(dir, 'balie.yaml'), text);
    const [problem] = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: dir }));
    const line = text.split('\n').findIndex((l) => l.includes('agentsMayTeachFromHandoff: sometimes')) + 1;
    expect(problem).toMatchObject({ source: 'balie.yaml', key: 'listening.agentsMayTeachFromHandoff', line });
    expect(`${problem!.problem} ${problem!.fix}`).toContain('must be true or false');
  });

  it('reads handoff.unansweredAfterMinutes (#14.5), and names the key and the fix when it is out of range', () => {
    expect(loadConfig({ BALIE_CONFIG_DIR: CONFIG_DIR }).handoff.unansweredAfterMs).toBe(10 * 60_000);
    const dir = copyConfig();
    const text = readFileSync(join(dir, 'balie.yaml'), 'utf8').replace('unansweredAfterMinutes: 10', 'unansweredAfterMinutes: 0');
    writeFileSync(join(dir, 'balie.yaml'), text);
    const [problem] = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: dir }));
    const line = text.split('\n').findIndex((l) => l.includes('unansweredAfterMinutes: 0')) + 1;
    expect(problem).toMatchObject({ source: 'balie.yaml', key: 'handoff.unansweredAfterMinutes', line });
    expect(`${problem!.problem} ${problem!.fix}`).toContain('at least 1 minute');
  });

  it("takes the supervisor figures' time zone from balie.yaml handoff.timeZone, and names a wrong one", () => {
    expect(loadConfig({ BALIE_CONFIG_DIR: CONFIG_DIR }).handoff.timeZone).toBeUndefined();
    const dir = copyConfig();
    const text = readFileSync(join(dir, 'balie.yaml'), 'utf8');
    writeFileSync(join(dir, 'balie.yaml'), text.replace('# timeZone: Europe/Amsterdam', 'timeZone: Europe/Lisbon'));
    expect(loadConfig({ BALIE_CONFIG_DIR: dir }).handoff.timeZone).toBe('Europe/Lisbon');
    writeFileSync(join(dir, 'balie.yaml'), text.replace('# timeZone: Europe/Amsterdam', 'timeZone: Europe/Utrecht'));
    const [problem] = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: dir }));
    expect(problem).toMatchObject({ source: 'balie.yaml', key: 'handoff.timeZone' });
    expect(problem!.problem).toMatch(/not a known IANA time zone/);
  });

  it("reads the platforms' send limits from balie.yaml, with the documented defaults, and names a bad one", () => {
    expect(loadConfig({ BALIE_CONFIG_DIR: CONFIG_DIR }).sendLimits).toMatchObject({
      telegram: { perBot: { perSecond: 30, burst: 30 }, perChat: { perSecond: 1, burst: 3 } },
      slack: { perChannel: { perSecond: 1, burst: 3 } },
      whatsappCloud: { perNumber: { perSecond: 80, burst: 80 }, perCustomer: { burst: 45 } },
    });
    const dir = copyConfig();
    const text = readFileSync(join(dir, 'balie.yaml'), 'utf8').replace('perBot: { perSecond: 30, burst: 30 }', 'perBot: { perSecond: 0, burst: 30 }');
    writeFileSync(join(dir, 'balie.yaml'), text);
    const [problem] = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: dir }));
    expect(problem).toMatchObject({ source: 'balie.yaml', key: 'sendLimits.telegram.perBot.perSecond' });
    expect(problem!.problem).toMatch(/more than 0/);
  });

  it('reports duplicate agents and unknown time zones in agents.yaml', () => {
    const dir = copyConfig();
    const text = readFileSync(join(dir, 'agents.yaml'), 'utf8').replace('id: bram', 'id: sanne').replace('timezone: Europe/Amsterdam', 'timezone: Europe/Utrecht');
    writeFileSync(join(dir, 'agents.yaml'), text);
    const problems = problemsOf(() => loadConfig({ BALIE_CONFIG_DIR: dir }));
    expect(problems.map((p) => `${p.source} ${p.key}`).sort()).toEqual(['agents.yaml agents[0].timezone', 'agents.yaml agents[1].id']);
  });

  it('stops `npm start` with exit code 1 and the file, line and problem of a broken faq.nl.yaml', () => {
    const dir = copyConfig();
    const lines = readFileSync(join(dir, 'faq.nl.yaml'), 'utf8').split('\n');
    const at = lines.findIndex((l) => /^\s+answer:/.test(l));
    lines[at] = lines[at]!.replace('answer:', 'answer: [unclosed');
    writeFileSync(join(dir, 'faq.nl.yaml'), lines.join('\n'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: resolve(import.meta.dirname, '..'),
      env: { PATH: process.env.PATH, BALIE_CONFIG_DIR: dir, PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/faq\.nl\.yaml:\d+/);
    expect(run.stderr).toMatch(/fix:/);
    expect(run.stdout).not.toContain('balie is up');
  });
});
