import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';
import { applySample, commandOf, docBlocks, missingLines } from '../support/doc-samples.js';
import { testRedisUrl } from '../support/redis.js';
import { createTempProject, type TempProject } from '../support/temp-project.js';
import { spawnScript } from '../scripts/repl-driver.js';

// docs/dialogs.md cannot rot: its samples go into a copy of the project the way the text tells a
// developer to put them there, then they are type-checked, and its commands and tests are run.
const doc = readFileSync(join(packageRoot(), 'docs/dialogs.md'), 'utf8');
const blocks = docBlocks(doc);
let project: TempProject;
const touched = new Set<string>();

beforeAll(() => {
  project = createTempProject();
  for (const block of blocks) {
    const file = applySample(project, block);
    if (file) touched.add(file);
  }
});
afterAll(() => project.remove());

describe('docs/dialogs.md', () => {
  it('marks every TypeScript and YAML sample with where it goes', () => {
    const unmarked = blocks.filter((b) => ['ts', 'yaml'].includes(b.lang) && !/^(\/\/|#) (file|add to): \S+$/.test(b.lines[0] ?? ''));
    expect(unmarked.map((b) => `docs/dialogs.md:${b.line}`)).toEqual([]);
    expect(blocks.filter((b) => b.lang === 'ts').length).toBeGreaterThanOrEqual(5);
  });

  it('has samples that type-check', { timeout: 300_000 }, () => {
    const files = [...touched].filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['src/dialogs/index.ts', 'test/dialogs/returns.test.ts']));
    expect(project.typeErrors(files)).toEqual([]);
  });

  it('shows command output that the commands really print', { timeout: 300_000 }, async () => {
    const commands = blocks.filter((b) => b.lang === 'text' && b.lines[0]?.startsWith('$ npm run '));
    expect(commands.map((b) => b.lines[0])).toEqual(['$ npm run check:faq', '$ npm run eval:faq', '$ npm run chat -- --lang en']);
    for (const block of commands) {
      const { script, args } = commandOf(project, block)!;
      const expected = block.lines.slice(1);
      let output: string;
      if (script === 'scripts/chat.ts') {
        const repl = spawnScript(script, args, { REDIS_URL: '' }, project.dir);
        await repl.ready();
        for (const line of expected.filter((l) => l.startsWith('you › '))) await repl.say(line.slice('you › '.length));
        expect(await repl.end()).toBe(0);
        output = repl.output;
      } else {
        const run = await project.run(script, args);
        expect(run.code, `${block.lines[0]}\n${run.stdout}${run.stderr}`).toBe(0);
        output = run.stdout;
      }
      expect(missingLines(expected, output), `docs/dialogs.md:${block.line} ${block.lines[0]} printed:\n${output}`).toEqual([]);
    }
  });

  it('has tests that pass', { timeout: 300_000 }, async () => {
    const tests = [...touched].filter((f) => f.endsWith('.test.ts'));
    const run = await project.vitest(tests, { REDIS_URL: testRedisUrl() });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+3 passed/);
  });
});
