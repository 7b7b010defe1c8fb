import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { HttpError, route } from '../../core/http.js';
import type { Logger } from '../../core/logger.js';
import { packageRoot } from '../../core/paths.js';

export interface DeskConsoleOptions {
  logger: Logger;
  /** Where index.html, the scripts, styles and avatars live; default <package>/dist/web/desk (built from web/desk by scripts/build-web.mjs). */
  assetsDir?: string;
}

// Only these names are served: a request can never name a path outside the folder (no "..", no "/",
// no "%2F"), whatever restify decoded.
const ASSET_NAME = /^[a-z0-9][a-z0-9-]{0,40}\.(js|css|svg)$/;
const AVATAR_NAME = /^[a-z0-9][a-z0-9_-]{0,40}\.svg$/;
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
};

// The server's policy, plus a word for images (agents' avatarUrl may be on another https host) and
// no inline anything. Repeated here so the console stays strict even if the global one loosens.
const CONSOLE_CSP =
  "default-src 'self'; img-src 'self' data: https:; connect-src 'self'; style-src 'self'; script-src 'self'; media-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
// An SVG opened on its own must not run anything.
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/**
 * The agents' web console: `/desk` (one HTML page), its scripts and styles under `/desk/<file>`,
 * and the agents' avatars under `/desk/avatars/<id>.svg`. Everything is static; the page talks to
 * the agent API under /api/desk. Assets revalidate by ETag so a deploy shows at once.
 */
export function registerDeskConsole(server: Server, options: DeskConsoleOptions): void {
  const dir = options.assetsDir ?? join(packageRoot(), 'dist', 'web', 'desk');
  const log = options.logger.child({ component: 'desk-console' });
  const r = (fn: (req: Request, res: Response) => Promise<void>) => route((err, req) => log.error({ err, path: req.path() }, 'desk console request failed'), fn);

  const page = r(async (req, res) => {
    await sendFile(req, res, join(dir, 'index.html'), 'text/html; charset=utf-8', 'no-cache', CONSOLE_CSP);
  });
  server.get('/desk', page);
  server.get('/desk/', page);

  server.get(
    '/desk/avatars/:file',
    r(async (req, res) => {
      const file = String(req.params?.file ?? '');
      if (!AVATAR_NAME.test(file)) throw new HttpError(404, 'NOT_FOUND', `no such avatar: ${file.slice(0, 60)}`);
      await sendFile(req, res, join(dir, 'avatars', file), TYPES.svg!, 'public, max-age=86400', SVG_CSP);
    }),
  );

  server.get(
    '/desk/:file',
    r(async (req, res) => {
      const file = String(req.params?.file ?? '');
      const match = ASSET_NAME.exec(file);
      if (!match) throw new HttpError(404, 'NOT_FOUND', `no such file: ${file.slice(0, 60)}`);
      await sendFile(req, res, join(dir, file), TYPES[match[1]!]!, 'no-cache', match[1] === 'svg' ? SVG_CSP : CONSOLE_CSP);
    }),
  );
}

async function sendFile(req: Request, res: Response, path: string, type: string, cacheControl: string, csp: string): Promise<void> {
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new HttpError(404, 'NOT_FOUND', 'no such file', { cause: err });
    }
    throw err;
  }
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  const headers = { 'Content-Type': type, 'Cache-Control': cacheControl, ETag: etag, 'Content-Security-Policy': csp };
  const inm = req.header('if-none-match');
  if (inm && inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}
