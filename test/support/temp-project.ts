import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { packageRoot } from '../../src/core/paths.js';

/**
 * A copy of the project in a temp folder (sources, scripts, config, locales, test support; the
 * real node_modules linked in), for tests that add or change files the way a developer would,
 * without touching the repository.
 */
export interface TempProject {
  readonly dir: string;
  read(path: string): string;
  write(path: string, text: string): void;
  exists(path: string): boolean;
  /** Runs a TypeScript script with tsx, as `npm run` would; cwd is the copy. */
  run(script: string, args?: string[], env?: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Runs vitest on these test files in the copy. */
  vitest(files: string[], env?: Record<string, string>): Promise<{ code: number | null; output: string }>;
  /** Type errors in these files (with the project's tsconfig), as "file:line message". */
  typeErrors(files: string[]): string[];
  remove(): void;
}

const COPIED = ['src', 'scripts', 'locales', 'config', 'test/support', 'test/setup', 'test/dialogs/faq', 'package.json', 'tsconfig.json', 'vitest.config.ts'];

function exec(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function createTempProject(): TempProject {
  const root = packageRoot();
  const dir = mkdtempSync(join(tmpdir(), 'balie-project-'));
  for (const path of COPIED) if (existsSync(join(root, path))) cpSync(join(root, path), join(dir, path), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const abs = (path: string) => join(dir, path);
  return {
    dir,
    read: (path) => readFileSync(abs(path), 'utf8'),
    write(path, text) {
      mkdirSync(dirname(abs(path)), { recursive: true });
      writeFileSync(abs(path), text);
    },
    exists: (path) => existsSync(abs(path)),
    run: (script, args = [], env = {}) => exec(process.execPath, ['--import', 'tsx', script, ...args], dir, env),
    async vitest(files, env = {}) {
      const r = await exec(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...files], dir, env);
      return { code: r.code, output: r.stdout + r.stderr };
    },
    typeErrors(files) {
      const parsed = ts.getParsedCommandLineOfConfigFile(
        abs('tsconfig.json'),
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
          },
        },
      );
      if (!parsed) throw new Error('cannot read tsconfig.json');
      const rootNames = files.map(abs);
      const program = ts.createProgram({ rootNames, options: { ...parsed.options, noEmit: true } });
      return ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file && rootNames.includes(d.file.fileName))
        .map(
          (d) =>
            `${d.file!.fileName.slice(dir.length + 1)}:${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
        );
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
