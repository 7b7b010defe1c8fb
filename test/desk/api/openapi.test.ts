import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';

let balie: RunningBalie;
beforeAll(async () => {
  balie = await startTestBalie();
});
afterAll(() => balie.stop());

it('documents every web chat and desk API route in docs/openapi.yaml, and nothing that does not exist', () => {
  const spec = parse(readFileSync(resolve(import.meta.dirname, '../../../docs/openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => m !== 'parameters')
      .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
  const registered = Object.values(balie.server.router.getDebugInfo() as Record<string, { method: string; path: string }>)
    .filter((r) => r.path.startsWith('/api/desk') || r.path.startsWith('/api/webchat') || r.path.startsWith('/media'))
    .map((r) => `${r.method.toUpperCase()} ${r.path}`);
  expect(documented.sort()).toEqual(registered.sort());
});
