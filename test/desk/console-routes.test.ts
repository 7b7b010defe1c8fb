import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBalie } from '../support/app.js';

type Balie = Awaited<ReturnType<typeof startTestBalie>>;

describe('desk console pages', () => {
  let balie: Balie;

  beforeAll(async () => {
    balie = await startTestBalie();
  });

  afterAll(async () => {
    await balie.stop();
  });

  it('serves the console under the strict policy: no inline scripts or styles anywhere', async () => {
    const res = await fetch(`${balie.url}/desk`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/desk/desk.js"></script>');
    // Every <script> has a src, no element has a style attribute, no <style> block.
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });

  it('serves scripts, styles and avatars with their types and revalidates by ETag', async () => {
    for (const [path, type] of [
      ['/desk/desk.js', 'text/javascript; charset=utf-8'],
      ['/desk/desk.css', 'text/css; charset=utf-8'],
      ['/desk/avatars/sanne.svg', 'image/svg+xml; charset=utf-8'],
      ['/desk/avatars/bram.svg', 'image/svg+xml; charset=utf-8'],
      ['/desk/avatars/fatima.svg', 'image/svg+xml; charset=utf-8'],
    ] as const) {
      const res = await fetch(`${balie.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      const etag = res.headers.get('etag');
      expect(etag, path).toMatch(/^"[\w-]+"$/);
      await res.arrayBuffer();
      const again = await fetch(`${balie.url}${path}`, { headers: { 'If-None-Match': etag! } });
      expect(again.status, path).toBe(304);
    }
    expect((await fetch(`${balie.url}/desk/avatars/sanne.svg`)).headers.get('cache-control')).toContain('max-age=');
    expect((await fetch(`${balie.url}/desk/desk.js`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('every avatar in agents.yaml exists', async () => {
    for (const agent of balie.app.config.agents) {
      if (!agent.avatarUrl?.startsWith('/desk/')) continue;
      const res = await fetch(`${balie.url}${agent.avatarUrl}`);
      expect(res.status, agent.avatarUrl).toBe(200);
      expect(await res.text()).toContain('<svg');
    }
  });

  it('never serves a file outside the console folder', async () => {
    for (const path of [
      '/desk/..%2Fwebchat%2Fapp.js',
      '/desk/..%2F..%2Fpackage.json',
      '/desk/avatars/..%2F..%2F..%2Fpackage.json',
      '/desk/avatars/%2e%2e%2fdesk.js',
      '/desk/.env',
      '/desk/index.html',
      '/desk/missing.js',
      '/desk/avatars/nobody.svg',
      '/desk/avatars/sanne.svg.map',
    ]) {
      const res = await fetch(`${balie.url}${path}`);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code, path).toBe('NOT_FOUND');
    }
  });
});
