import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startAllChannels, type AllChannels } from '../support/all-channels.js';

/*
 * Every page a browser opens (the web chat, the agents' desk console, the WhatsApp pairing page)
 * and every file they load sends a strict Content-Security-Policy and nosniff, so an injected
 * script or a file served with the wrong type cannot run.
 */

let all: AllChannels;

beforeAll(async () => {
  all = await startAllChannels();
});
afterAll(() => all?.stop());

/** Directive name → sources, from a CSP header. */
function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** What is wrong with a page's CSP, or [] when it is strict. */
function cspProblems(header: string | null): string[] {
  if (!header) return ['no Content-Security-Policy'];
  const csp = parseCsp(header);
  const problems: string[] = [];
  const fallback = csp.get('default-src');
  if (!fallback) problems.push('no default-src');
  for (const directive of ['script-src', 'style-src', 'default-src']) {
    const sources = csp.get(directive) ?? (directive === 'default-src' ? [] : (fallback ?? []));
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) {
      if (sources.includes(bad)) problems.push(`${directive} allows ${bad}`);
    }
  }
  if ((csp.get('frame-ancestors') ?? []).join(' ') !== "'none'") problems.push("frame-ancestors is not 'none'");
  if (!csp.has('base-uri')) problems.push('no base-uri');
  const objects = csp.get('object-src') ?? fallback ?? [];
  if (objects.includes('*')) problems.push('object-src allows *');
  return problems;
}

function svgRunsScript(header: string | null): boolean {
  if (!header) return true;
  const csp = parseCsp(header);
  if (csp.has('sandbox') && !(csp.get('sandbox') ?? []).includes('allow-scripts')) return false;
  const scripts = csp.get('script-src') ?? csp.get('default-src') ?? ['*'];
  return !(scripts.length === 1 && scripts[0] === "'none'");
}

/** The pages people open, and the GET routes the server has (any new page is checked too). */
async function pages(): Promise<string[]> {
  const known = ['/', '/desk', `/whatsapp/qr?token=${ADMIN_TOKEN}`];
  const routes = Object.values(all.balie.server.router.getDebugInfo() as Record<string, { method: string; path: string }>)
    .filter((r) => r.method === 'get' && !r.path.includes(':') && !r.path.startsWith('/api/'))
    .map((r) => r.path);
  return [...new Set([...known, ...routes])];
}

describe('browser-facing pages', () => {
  it('send a strict Content-Security-Policy (no inline scripts or styles, no framing) and nosniff', async () => {
    const checked: string[] = [];
    for (const path of await pages()) {
      const res = await fetch(`${all.balie.url}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      if (!/text\/html/.test(res.headers.get('content-type') ?? '')) continue;
      expect(res.status, path).toBe(200);
      expect(cspProblems(res.headers.get('content-security-policy')), path).toEqual([]);
      checked.push(path.split('?')[0]!);
    }
    // The three pages exist today; a missing one means a page moved without this test noticing.
    expect(checked).toEqual(expect.arrayContaining(['/', '/desk', '/whatsapp/qr']));
  });

  it('serve their scripts, styles and images with their own type, nosniff and the same policy', async () => {
    const assets: string[] = [];
    for (const page of ['/', '/desk']) {
      const html = await (await fetch(`${all.balie.url}${page}`)).text();
      for (const m of html.matchAll(/(?:src|href)="([^"#]+)"/g)) {
        const url = new URL(m[1]!, `${all.balie.url}${page}`);
        if (url.origin === new URL(all.balie.url).origin) assets.push(url.pathname);
      }
      // No inline script or style for the policy to have to allow.
      expect(html, page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html, page).not.toMatch(/<style[\s>]|\sstyle="/i);
      expect(html, page).not.toMatch(/\son[a-z]+="/i);
    }
    expect(assets.length).toBeGreaterThan(2);
    for (const path of new Set(assets)) {
      const res = await fetch(`${all.balie.url}${path}`);
      await res.arrayBuffer();
      expect(res.status, path).toBe(200);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('content-type'), path).toMatch(/^(text\/(javascript|css)|image\/|application\/(json|manifest\+json)|font\/)/);
      // An SVG opened on its own is a document that could run script: its policy must forbid that.
      if (/svg/.test(res.headers.get('content-type') ?? '')) expect(svgRunsScript(res.headers.get('content-security-policy')), path).toBe(false);
    }
  });

  it('sends the policy and nosniff on error answers too (a 404 page cannot be framed or sniffed)', async () => {
    for (const path of ['/no-such-page', '/webchat/no-such-file.js', '/desk/no-such-file.js']) {
      const res = await fetch(`${all.balie.url}${path}`);
      await res.arrayBuffer();
      expect(res.status, path).toBe(404);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(cspProblems(res.headers.get('content-security-policy')), path).toEqual([]);
    }
  });
});
