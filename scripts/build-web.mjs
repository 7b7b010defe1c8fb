// Builds the browser pages (web/) into dist/web/, which the server serves: one bundle per page
// (the agents' console at /desk, the web chat at /), each a script and a stylesheet, plus the
// pages' HTML and images as they are.
//
//   node scripts/build-web.mjs            build once (minified)
//   node scripts/build-web.mjs --if-stale build only when web/ changed since the last build
//   node scripts/build-web.mjs --watch    rebuild on every change (readable, with source maps)
//
// esbuild only strips the types: `npm run typecheck` checks them (tsc -p web).
import { copyFile, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { existsSync, statSync, readdirSync, watch as watchFiles } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
export const outDir = join(root, 'dist', 'web');
const STAMP = join(outDir, '.built');

/** The pages: each a script, a stylesheet and the files copied as they are. */
export const PAGES = [
  {
    name: 'desk',
    script: 'desk/main.ts',
    style: 'desk/styles/desk.css',
    out: { script: 'desk/desk.js', style: 'desk/desk.css' },
    copy: [
      ['desk/index.html', 'desk/index.html'],
      ['desk/assets', 'desk'],
    ],
  },
  {
    name: 'webchat',
    script: 'webchat/main.ts',
    style: 'webchat/styles/style.css',
    out: { script: 'webchat/app.js', style: 'webchat/style.css' },
    copy: [['webchat/index.html', 'webchat/index.html']],
  },
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Whether dist/web is missing or older than web/ (or than this script). */
export function webIsStale() {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  return built < Math.max(newest(web), newest(fileURLToPath(import.meta.url)));
}

/** Writes through a temporary file and a rename, so a reader (or a second build) never sees half a file. */
async function writeAtomic(path, contents) {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, contents);
  await rename(tmp, path);
}

async function copyTree(from, to) {
  if ((await stat(from)).isDirectory()) {
    for (const name of await readdir(from)) await copyTree(join(from, name), join(to, name));
    return;
  }
  await mkdir(dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  await copyFile(from, tmp);
  await rename(tmp, to);
}

function options({ dev }) {
  const entryPoints = PAGES.flatMap((p) => [
    { in: join(web, p.script), out: p.out.script.replace(/\.js$/, '') },
    { in: join(web, p.style), out: p.out.style.replace(/\.css$/, '') },
  ]);
  return {
    absWorkingDir: root,
    entryPoints,
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

async function copyStatic() {
  for (const page of PAGES) for (const [from, to] of page.copy) await copyTree(join(web, from), join(outDir, to));
}

async function load() {
  try {
    return await import('esbuild');
  } catch {
    throw new Error('the front end needs esbuild, a dev dependency: run `npm ci` (with dev dependencies) first');
  }
}

/** Builds every page once. Returns the files written, relative to dist/web. */
export async function buildWeb({ dev = false } = {}) {
  const esbuild = await load();
  const result = await esbuild.build({ ...options({ dev }), write: false });
  for (const file of result.outputFiles) await writeAtomic(file.path, file.contents);
  await copyStatic();
  await writeAtomic(STAMP, new Date().toISOString());
  return result.outputFiles.map((f) => relative(outDir, f.path));
}

/** Builds when stale; quiet when not, and when there are no sources (a copy of the project without web/). */
export async function buildWebIfStale() {
  if (!existsSync(web) || !webIsStale()) return false;
  await buildWeb();
  return true;
}

async function watch() {
  const esbuild = await load();
  const ctx = await esbuild.context({
    ...options({ dev: true }),
    plugins: [
      {
        name: 'copy-static',
        setup: (b) =>
          b.onEnd(async (r) => {
            await copyStatic();
            if (!r.errors.length) console.log(`front end built (${new Date().toLocaleTimeString()})`);
          }),
      },
    ],
  });
  await ctx.watch();
  // HTML and images are not part of the bundles' graph: copy them when they change.
  watchFiles(web, { recursive: true }, (_event, name) => {
    if (name && /\.(html|svg)$/.test(name)) void copyStatic();
  });
  console.log('watching web/ (Ctrl+C to stop)');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  try {
    if (args.includes('--watch')) await watch();
    else if (args.includes('--if-stale')) {
      if (await buildWebIfStale()) process.stderr.write('built the front end (web/ → dist/web/)\n');
    } else {
      const started = Date.now();
      const files = await buildWeb();
      console.log(`front end: ${files.join(', ')} → dist/web/ in ${Date.now() - started} ms`);
    }
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
