// `npm start` runs this first: compile TypeScript when dist/ is missing or older than the sources,
// and bundle the browser pages (web/ → dist/web/) when they are, so a fresh clone starts with one
// command and an edited clone never runs stale code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const output = join(root, 'dist/src/main.js');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = existsSync(output) ? statSync(output).mtimeMs : 0;
const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'tsconfig.json')), newest(join(root, 'tsconfig.build.json')));
if (built < sources) {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  if (!existsSync(tsc)) {
    process.stderr.write('balie needs to be built, but TypeScript is not installed. Run `npm ci` (with dev dependencies) first.\n');
    process.exit(1);
  }
  process.stderr.write('building balie (TypeScript → dist/)…\n');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The browser pages: only where their sources are (an image built with `npm run build` has dist/web
// and no web/, and no esbuild either).
const { buildWebIfStale } = await import('./build-web.mjs');
if (existsSync(join(root, 'web'))) {
  try {
    if (await buildWebIfStale()) process.stderr.write('built the front end (web/ → dist/web/)\n');
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
