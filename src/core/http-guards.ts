import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Response } from 'restify';
import { HttpError } from './http.js';

type Next = (err?: unknown) => void;

/**
 * Refuses compressed request bodies (415) before restify's body reader sees them. No platform
 * compresses its webhooks and browsers do not compress requests, while restify inflates gzip
 * without an error handler (a corrupt body threw an uncaught exception that ended the process)
 * and counts its size limit on the compressed bytes (a small gzip bomb inflates to gigabytes).
 */
export function refuseEncodedBodies(req: Request, res: Response, next: Next): void {
  const encoding = String(req.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!encoding || encoding === 'identity' || !hasBody) return next();
  res.send(415, {
    error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: `request bodies with Content-Encoding "${encoding.slice(0, 40)}" are not accepted; send the body uncompressed` },
  });
  next(false);
}

/**
 * Answers protocol upgrade requests (WebSocket) with a 400 and closes the socket. restify passes
 * `upgrade` on to its own listeners, so Node hands the socket over and nobody answered it: each
 * such request held a socket open forever, and kept a graceful shutdown from finishing.
 */
export function refuseUpgrade(_req: IncomingMessage, socket: Duplex): void {
  const body = JSON.stringify({
    error: { code: 'BAD_REQUEST', message: 'balie does not accept protocol upgrades (WebSocket); the web chat stream is Server-Sent Events over plain HTTP' },
  });
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
  (socket as Duplex & { destroySoon?: () => void }).destroySoon?.();
}

/**
 * A request's JSON body; `empty` when it has none (or a 400 when a body is required). A body of
 * another type is a 415: restify leaves bodies it does not parse unread, and a route must not take
 * "no body" for an answer when something else was sent.
 */
export function jsonBody(req: Request, empty?: unknown): unknown {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !/^application\/json$/i.test(req.contentType())) {
    const type = req.contentType();
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `the body must be JSON sent as Content-Type: application/json${type ? `, not ${type.slice(0, 60)}` : ''}`);
  }
  const body: unknown = req.body ?? (hasBody ? undefined : empty);
  if (body === undefined) {
    if (empty !== undefined) return empty;
    throw new HttpError(400, 'BAD_REQUEST', 'invalid request body: a JSON object is required');
  }
  return body;
}
