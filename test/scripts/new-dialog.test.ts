import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../support/redis.js';
import { createTempProject, type TempProject } from '../support/temp-project.js';

// Scaffolds into a copy of the project, never into the repository itself.
let project: TempProject;
beforeAll(() => {
  project = createTempProject();
});
afterAll(() => project.remove());

const scaffold = (...args: string[]) => project.run('scripts/new-dialog.ts', args);

describe('npm run new:dialog', () => {
  it('creates a registered dialog whose test passes and type-checks as it is', { timeout: 300_000 }, async () => {
    const before = project.read('src/dialogs/index.ts');
    const result = await scaffold('gift-wrap');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created the giftWrap dialog');
    expect(result.stdout).toContain('npx vitest run test/dialogs/gift-wrap.test.ts');

    expect(project.read('src/dialogs/gift-wrap/gift-wrap-dialog.ts')).toContain("defineDialog('giftWrap'");
    expect(project.read('docs/dialogs/gift-wrap.md')).toContain('# The gift wrap dialog');
    const index = project.read('src/dialogs/index.ts');
    expect(index).toBe(
      before
        .replace('// new-dialog:imports', "import { giftWrapDialog } from './gift-wrap/gift-wrap-dialog.js';\n// new-dialog:imports")
        .replace(/( *)\/\/ new-dialog:register/, '$1giftWrapDialog(),\n$1// new-dialog:register'),
    );

    expect(project.typeErrors(['src/dialogs/index.ts', 'src/dialogs/gift-wrap/gift-wrap-dialog.ts', 'test/dialogs/gift-wrap.test.ts'])).toEqual([]);
    const run = await project.vitest(['test/dialogs/gift-wrap.test.ts'], { REDIS_URL: testRedisUrl() });
    expect(run.output).toMatch(/Tests\s+2 passed/);
    expect(run.code).toBe(0);
  });

  it('refuses a dialog that exists, and writes nothing', { timeout: 120_000 }, async () => {
    const index = project.read('src/dialogs/index.ts');
    const again = await scaffold('gift-wrap');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('cannot create "gift-wrap"');
    expect(again.stderr).toContain('src/dialogs/gift-wrap already exists');
    expect(again.stderr).toContain('already registers giftWrapDialog');
    const shipped = await scaffold('order-status');
    expect(shipped.stderr).toContain('src/dialogs/order-status already exists');
    expect(project.read('src/dialogs/index.ts')).toBe(index);
  });

  it('refuses names that are not kebab-case or whose words already mean something', { timeout: 120_000 }, async () => {
    const cases = [
      ['Gift Wrap', '"Gift Wrap" is not a kebab-case name'],
      ['gift_wrap', 'is not a kebab-case name'],
      ['', 'give the dialog a name: npm run new:dialog -- gift-wrap'],
      ['help', '"help" is how customers ask for help'],
      ['talk-to-a-human', 'is how customers ask for human'],
      ['track-order', '"track order" already starts the orderStatus dialog'],
    ] as const;
    const results = await Promise.all(cases.map(([name]) => scaffold(...(name ? [name] : []))));
    cases.forEach(([name, message], i) => {
      expect(results[i]!.code, name).toBe(1);
      expect(results[i]!.stderr, name).toContain(message);
    });
    expect(project.exists('src/dialogs/help')).toBe(false);
    expect(project.exists('test/dialogs/track-order.test.ts')).toBe(false);
  });

  it('says what to do when the markers in src/dialogs/index.ts are gone', { timeout: 120_000 }, async () => {
    const index = project.read('src/dialogs/index.ts');
    project.write('src/dialogs/index.ts', index.replace(/.*new-dialog:register.*\n/, ''));
    const result = await scaffold('loyalty-points');
    expect(result.stderr).toContain('src/dialogs/index.ts has no "// new-dialog:register" line');
    expect(project.exists('src/dialogs/loyalty-points')).toBe(false);
    project.write('src/dialogs/index.ts', index);
  });
});
