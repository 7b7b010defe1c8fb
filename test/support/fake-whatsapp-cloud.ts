import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface RecordedCall {
  method: string;
  path: string;
  authorization?: string;
  body?: Record<string, unknown>;
  /** The HTTP status the fake answered (0: the connection was dropped). */
  status?: number;
}

/** An answer to give instead of the normal one. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeMedia {
  data: Buffer;
  mimeType: string;
}

export interface FakeWhatsappCloud {
  /** Base URL with version, as WHATSAPP_API_URL: http://127.0.0.1:PORT/v21.0 */
  readonly apiUrl: string;
  readonly token: string;
  readonly phoneNumberId: string;
  readonly calls: RecordedCall[];
  /** Messages the fake accepted for `to` (read receipts and typing excluded), oldest first. */
  messagesTo(to: string): Record<string, unknown>[];
  /** Read receipts / typing indicators sent. */
  readReceipts(): Record<string, unknown>[];
  /** The next `times` calls to the messages endpoint get `answer` (e.g. 429, a 4xx refusal). */
  failNext(answer: FakeAnswer, times?: number): void;
  /** Drops the connection of the next `times` message calls (a network failure). */
  dropNext(times?: number): void;
  addMedia(id: string, media: FakeMedia): void;
  close(): Promise<void>;
}

/** A Graph API error body, as Meta sends it. */
export function graphError(code: number, message: string, extra: { type?: string; subcode?: number; details?: string } = {}): unknown {
  return {
    error: {
      message,
      type: extra.type ?? 'OAuthException',
      code,
      ...(extra.subcode ? { error_subcode: extra.subcode } : {}),
      ...(extra.details ? { error_data: { messaging_product: 'whatsapp', details: extra.details } } : {}),
      fbtrace_id: 'AbCdEfFakeTrace',
    },
  };
}

const invalidParam = (what: string) => ({ status: 400, body: graphError(100, `(#100) Invalid parameter`, { details: what }) });

/**
 * Checks a messages-endpoint body against the Cloud API's documented limits and answers the
 * way the real API does when one is broken, so a test notices a payload WhatsApp would refuse.
 */
function checkMessage(body: Record<string, unknown>): FakeAnswer | undefined {
  if (body.messaging_product !== 'whatsapp') return invalidParam('messaging_product must be "whatsapp"');
  if (body.status === 'read') return typeof body.message_id === 'string' ? undefined : invalidParam('message_id is required');
  if (typeof body.to !== 'string' || !body.to) return invalidParam('to is required');
  const type = body.type as string;
  const content = body[type] as Record<string, unknown> | undefined;
  if (!content) return invalidParam(`${type} object is required for type ${type}`);
  switch (type) {
    case 'text': {
      const text = (content.body as string) ?? '';
      if (!text.trim()) return invalidParam('text.body is required');
      if (text.length > 4096) return invalidParam('text.body is longer than 4096 characters');
      return undefined;
    }
    case 'interactive': {
      const i = content as {
        type: string;
        body?: { text?: string };
        action?: { buttons?: { reply: { id: string; title: string } }[]; button?: string; sections?: { rows: { id: string; title: string }[] }[] };
      };
      const bodyText = i.body?.text ?? '';
      if (!bodyText.trim() || bodyText.length > 1024) return invalidParam('interactive.body.text must be 1-1024 characters');
      if (i.type === 'button') {
        const buttons = i.action?.buttons ?? [];
        if (buttons.length < 1 || buttons.length > 3) return invalidParam('interactive.action.buttons must have 1-3 buttons');
        if (buttons.some((b) => !b.reply.title || b.reply.title.length > 20)) return invalidParam('button titles must be 1-20 characters');
        if (new Set(buttons.map((b) => b.reply.title)).size !== buttons.length) return invalidParam('button titles must be unique');
        if (buttons.some((b) => !b.reply.id || b.reply.id.length > 256)) return invalidParam('button ids must be 1-256 characters');
        return undefined;
      }
      if (i.type === 'list') {
        const rows = (i.action?.sections ?? []).flatMap((s) => s.rows);
        if (!i.action?.button || i.action.button.length > 20) return invalidParam('interactive.action.button must be 1-20 characters');
        if (rows.length < 1 || rows.length > 10) return invalidParam('a list must have 1-10 rows');
        if (rows.some((r) => !r.title || r.title.length > 24 || !r.id || r.id.length > 200)) return invalidParam('row titles must be 1-24 characters and ids 1-200');
        return undefined;
      }
      return invalidParam(`interactive type ${i.type} is not faked`);
    }
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
      if (typeof content.link !== 'string' && typeof content.id !== 'string') return invalidParam(`${type}.link or ${type}.id is required`);
      if (typeof content.caption === 'string' && (content.caption as string).length > 1024) return invalidParam('caption is longer than 1024 characters');
      return undefined;
    case 'location':
    case 'contacts':
      return undefined;
    default:
      return { status: 400, body: graphError(131051, 'Unsupported message type') };
  }
}

/**
 * A local stand-in for graph.facebook.com's WhatsApp Cloud API: the messages endpoint (sends,
 * read receipts, typing), phone number lookup, media lookup and media download. Every call is
 * recorded; the token is checked like the real API checks it.
 */
export async function startFakeWhatsappCloud(options: { token?: string; phoneNumberId?: string } = {}): Promise<FakeWhatsappCloud> {
  const token = options.token ?? 'EAAG-fake-cloud-token-0123456789';
  const phoneNumberId = options.phoneNumberId ?? '100000000000001';
  const calls: RecordedCall[] = [];
  const failures: FakeAnswer[] = [];
  let drops = 0;
  const media = new Map<string, FakeMedia>();
  let seq = 0;
  let base = '';
  const recorded = new WeakMap<ServerResponse, RecordedCall>();

  const send = (res: ServerResponse, answer: FakeAnswer) => {
    const call = recorded.get(res);
    if (call) call.status = answer.status;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: Record<string, unknown> | undefined;
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return send(res, { status: 400, body: graphError(100, 'Invalid JSON') });
      }
    }
    const call: RecordedCall = { method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization, body };
    calls.push(call);
    recorded.set(res, call);

    if (req.headers.authorization !== `Bearer ${token}`) {
      return send(res, { status: 401, body: graphError(190, 'Invalid OAuth access token - Cannot parse access token') });
    }

    const download = /^\/media-download\/([^/]+)$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      const file = media.get(decodeURIComponent(download[1]!));
      if (!file) return send(res, { status: 404, body: graphError(100, 'not found') });
      call.status = 200;
      res.writeHead(200, { 'content-type': file.mimeType, 'content-length': String(file.data.length) });
      return res.end(file.data);
    }

    const match = /^\/v\d+\.\d+\/([^/]+)(\/messages)?$/.exec(url.pathname);
    if (!match) return send(res, { status: 404, body: graphError(100, 'Unknown path components') });
    const [, id, messages] = match;

    if (messages && req.method === 'POST') {
      if (id !== phoneNumberId)
        return send(res, { status: 400, body: graphError(100, 'Unsupported post request. Object does not exist', { type: 'GraphMethodException', subcode: 33 }) });
      if (drops > 0) {
        drops--;
        call.status = 0;
        return req.socket.destroy();
      }
      const failure = failures.shift();
      if (failure) return send(res, failure);
      const invalid = checkMessage(body ?? {});
      if (invalid) return send(res, invalid);
      if (body?.status === 'read') return send(res, { status: 200, body: { success: true } });
      return send(res, { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: body!.to, wa_id: body!.to }], messages: [{ id: `wamid.FAKE_OUT_${++seq}` }] } });
    }

    if (!messages && req.method === 'GET') {
      if (id === phoneNumberId) return send(res, { status: 200, body: { display_phone_number: '15550001111', verified_name: 'WhatsApp Test Bot', id } });
      const file = media.get(id!);
      if (!file)
        return send(res, { status: 400, body: graphError(100, `Unsupported get request. Object with ID '${id}' does not exist`, { type: 'GraphMethodException', subcode: 33 }) });
      return send(res, {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          url: `${base}/media-download/${encodeURIComponent(id!)}`,
          mime_type: file.mimeType,
          sha256: 'fake',
          file_size: file.data.length,
          id,
        },
      });
    }
    return send(res, { status: 400, body: graphError(100, 'Unsupported request') });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, { status: 500, body: graphError(1, (err as Error).message) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const messageCalls = () => calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages') && c.body && c.status === 200);
  return {
    apiUrl: `${base}/v21.0`,
    token,
    phoneNumberId,
    calls,
    messagesTo: (to) =>
      messageCalls()
        .filter((c) => c.body!.to === to && c.body!.status === undefined)
        .map((c) => c.body!),
    readReceipts: () =>
      messageCalls()
        .filter((c) => c.body!.status === 'read')
        .map((c) => c.body!),
    failNext(answer, times = 1) {
      for (let i = 0; i < times; i++) failures.push(answer);
    },
    dropNext(times = 1) {
      drops += times;
    },
    addMedia: (id, file) => void media.set(id, file),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
