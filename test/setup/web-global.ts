import { buildWebIfStale } from '../../scripts/build-web.mjs';

// The server serves the browser pages from dist/web, built from web/: build them once before the
// tests when they are missing or older than their sources (about half a second; a no-op otherwise).
export async function setup(): Promise<void> {
  await buildWebIfStale();
}
