import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES, buildWeb, outDir } from '../../scripts/build-web.mjs';
import { startTestBalie } from '../support/app.js';

type Balie = Awaited<ReturnType<typeof startTestBalie>>;

/** The scripts and stylesheets a page's HTML loads. */
function assetsOf(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]!);
  const styles = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]!);
  return [...scripts, ...styles];
}

describe('front end build', () => {
  let balie: Balie;

  beforeAll(async () => {
    balie = await startTestBalie();
  });

  afterAll(async () => {
    await balie.stop();
  });

  it('builds one script and one stylesheet per page, and copies its HTML', { timeout: 60_000 }, async () => {
    const files = await buildWeb();
    for (const page of PAGES) {
      for (const file of [page.out.script, page.out.style]) {
        expect(files, page.name).toContain(file);
        expect(statSync(join(outDir, file)).size, file).toBeGreaterThan(1000);
      }
      expect(existsSync(join(outDir, page.name, 'index.html')), page.name).toBe(true);
    }
    expect(existsSync(join(outDir, 'desk', 'avatars', 'sanne.svg'))).toBe(true);
    // One bundle per page: nothing is loaded at run time, and nothing is evaluated from a string.
    for (const page of PAGES) {
      const js = readFileSync(join(outDir, page.out.script), 'utf8');
      expect(js, page.name).not.toMatch(/\beval\(|new Function\(|\bimport\(/);
      expect(js, page.name).not.toMatch(/^import\s/m);
    }
  });

  it('serves pages that load only their own bundles, from this origin', async () => {
    for (const [path, expected] of [
      ['/desk', ['/desk/desk.js', '/desk/desk.css']],
      ['/', ['/webchat/app.js', '/webchat/style.css']],
    ] as const) {
      const res = await fetch(`${balie.url}${path}`);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      const assets = assetsOf(html);
      expect(assets.sort(), path).toEqual([...expected].sort());
      // Same-origin paths only: no scheme, no protocol-relative "//host".
      for (const asset of assets) expect(asset, path).toMatch(/^\/(?!\/)/);
      expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g), path).toBeNull();
      expect(html, path).not.toMatch(/<style|\sstyle=|\son[a-z]+=/);
      for (const asset of assets) {
        const got = await fetch(`${balie.url}${asset}`);
        expect(got.status, asset).toBe(200);
        expect(got.headers.get('content-type'), asset).toMatch(asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
        await got.arrayBuffer();
      }
      // The separate modules of the hand-written pages are gone.
      for (const gone of ['/webchat/markdown.js', '/desk/i18n.js']) expect((await fetch(`${balie.url}${gone}`)).status, gone).toBe(404);
    }
  });
});
