import type { Request, Server } from 'restify';
import { HttpError, validate } from '../../core/http.js';
import { DESK_API, type DeskApiContext } from './context.js';
import { MAX_AGENT_FILE_BYTES, MEDIA_TTL_SECONDS, type MediaStore } from './media.js';
import { mediaId, uploadHeaders } from './schemas.js';

export const DESK_UPLOAD_PATH = `${DESK_API}/uploads`;
export const MAX_UPLOAD_BYTES = MAX_AGENT_FILE_BYTES;
const INLINE_IMAGES = /^image\/(png|jpeg|gif|webp)$/;

/**
 * Files agents attach. The global body parser skips this path (src/server.ts), so the route reads
 * the raw body itself with its own, larger limit; everything else keeps the small global one.
 */
export function registerUploadRoutes(server: Server, ctx: DeskApiContext, media: MediaStore): void {
  server.post(
    DESK_UPLOAD_PATH,
    ctx.handler(async (req, res) => {
      // Not JSON, but a raw body with a custom header: a cross-site page cannot send that without asking first.
      const { agent } = await ctx.signedIn(req, { json: false });
      const headers = validate(uploadHeaders, { 'x-filename': req.header('x-filename') || undefined, 'content-type': req.header('content-type') || undefined }, 'headers');
      const name = headers['x-filename'];
      const contentType = (headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
      if (/^(multipart\/|application\/x-www-form-urlencoded)/.test(contentType) || (contentType === 'text/plain' && !name.endsWith('.txt'))) {
        throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file itself as the body, with its own Content-Type');
      }
      const data = await readBody(req, MAX_UPLOAD_BYTES);
      if (data.length === 0) throw new HttpError(400, 'BAD_REQUEST', 'the file is empty');
      const id = await media.put({ contentType, name, data });
      ctx.log.info({ agentId: agent.id, bytes: data.length, contentType }, 'file uploaded for a chat');
      res.send(201, { contentUrl: `/media/${id}`, contentType, name });
    }),
  );

  // No session: the customer's channel (Telegram's servers, the web chat page) fetches these.
  // The id is the secret (192 random bits), and the file is never run as a page.
  server.get(
    '/media/:id',
    ctx.handler(async (req, res) => {
      const parsed = mediaId.safeParse(req.params?.id);
      const file = parsed.success ? await media.get(parsed.data) : undefined;
      if (!file) throw new HttpError(404, 'NOT_FOUND', `no such file (files are kept for ${MEDIA_TTL_SECONDS / 86_400} days)`);
      const inline = INLINE_IMAGES.test(file.contentType);
      res.writeHead(200, {
        'Content-Type': inline ? file.contentType : 'application/octet-stream',
        'Content-Length': file.data.length,
        'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        'Cache-Control': `private, max-age=${MEDIA_TTL_SECONDS}`,
        'Content-Security-Policy': "default-src 'none'; sandbox",
      });
      res.end(file.data);
    }),
  );
}

const tooLarge = () => new HttpError(413, 'PAYLOAD_TOO_LARGE', `files may be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);

/** Reads a request body up to `limit` bytes; a larger one is refused with 413 without reading on. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  if (Number(req.header('content-length') ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge());
        // Stop reading but keep the socket long enough to answer 413.
        req.pause();
        req.removeAllListeners('data');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
