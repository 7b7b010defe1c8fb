import type { Response } from 'restify';

/**
 * Starts a Server-Sent Events answer: no caching or transforming proxies, no buffering at nginx,
 * and a browser that reconnects after two seconds. The web chat and the desk both stream this way.
 */
export function startEventStream(res: Response): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
}
