import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for Slack's Web API (and Socket Mode), on 127.0.0.1. The real WebClient and
 * Socket Mode client talk to it through their `slackApiUrl`. It answers like Slack: HTTP 200 with
 * `ok: false` for refusals, HTTP 429 with Retry-After for rate limits, an HTML login page for a
 * file download without a valid token. Every API call is recorded.
 */

export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  /** The bearer token the call carried. */
  token?: string;
}

export interface PostedMessage {
  channel: string;
  thread_ts?: string;
  text?: string;
  blocks?: { type: string; text?: { text: string }; elements?: { type: string; text?: { text: string }; action_id?: string; value?: string }[]; image_url?: string }[];
  username?: string;
  icon_url?: string;
  ts: string;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  thread_ts?: string;
  text?: string;
}

export interface OpenedView {
  trigger_id: string;
  view: { type: string; callback_id?: string; private_metadata?: string; title?: { text: string }; blocks?: Record<string, unknown>[] };
  id: string;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  displayName?: string;
  realName?: string;
  locale?: string;
}

export interface FakeSlackFile {
  id: string;
  name: string;
  mimetype: string;
  data: Buffer;
}

export type Failure = { kind: 'ratelimited'; retryAfterSeconds: number } | { kind: 'error'; error: string; needed?: string };

export interface SocketEnvelope {
  envelope_id: string;
  type: string;
  payload: unknown;
  retry_attempt?: number;
  retry_reason?: string;
  accepts_response_payload?: boolean;
}

export interface FakeSlackOptions {
  botToken: string;
  appToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

export interface FakeSlack {
  /** e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** The WebClient's `slackApiUrl`: http://127.0.0.1:PORT/api/ */
  readonly apiUrl: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly calls: FakeSlackCall[];
  /** chat.postMessage calls that succeeded, oldest first (optionally for one channel). */
  posted(channel?: string): PostedMessage[];
  /** chat.postEphemeral calls that succeeded (only `user` saw them), oldest first. */
  ephemerals(user?: string): EphemeralMessage[];
  /** Modals opened with views.open, oldest first. */
  views(): OpenedView[];
  callsTo(method: string): FakeSlackCall[];
  addUser(user: FakeSlackUser): void;
  addFile(file: FakeSlackFile): void;
  /** Holds every answer to `method` (a slow Slack) until the returned function is called. */
  hold(method: string): () => void;
  /** The next `times` calls of `method` (to `channel`, when given) fail this way. */
  failNext(method: string, failure: Failure, options?: { times?: number; channel?: string }): void;
  readonly socket: {
    /** Envelopes the client acknowledged, by envelope id. */
    readonly acks: Map<string, unknown>;
    readonly connections: number;
    /** Sends an envelope to every connected client; resolves with its ack (or never, if none comes). */
    send(envelope: Omit<SocketEnvelope, 'envelope_id'> & { envelope_id?: string }): Promise<unknown>;
    /** Resolves once a client has connected and got its hello. */
    connected(): Promise<void>;
  };
  close(): Promise<void>;
}

export async function startFakeSlack(options: FakeSlackOptions): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? 'U00FAKEBOT01';
  const botId = options.botId ?? 'B00FAKEBOT01';
  const teamId = options.teamId ?? 'T00FAKE00AA';
  const calls: FakeSlackCall[] = [];
  const posted: PostedMessage[] = [];
  const ephemerals: EphemeralMessage[] = [];
  const views: OpenedView[] = [];
  const users = new Map<string, FakeSlackUser>();
  const files = new Map<string, FakeSlackFile>();
  const failures: { method: string; channel?: string; failure: Failure }[] = [];
  const held = new Map<string, Promise<void>>();
  const sockets = new Set<Socket>();
  const acks = new Map<string, unknown>();
  const ackWaiters = new Map<string, (payload: unknown) => void>();
  const clients = new Set<WebSocket>();
  let connectedWaiters: (() => void)[] = [];
  let seq = 0;
  let base = '';

  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const parseArgs = (raw: string, contentType: string | undefined): Record<string, unknown> => {
    if (contentType?.startsWith('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const args: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      // The WebClient sends objects and arrays as JSON strings inside the form.
      args[k] = /^[[{]/.test(v) ? safeJson(v) : v;
    }
    return args;
  };

  const api = async (method: string, req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const args = parseArgs(raw, req.headers['content-type']);
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
    calls.push({ method, args, token: auth });
    await held.get(method);

    const at = failures.findIndex((f) => f.method === method && (f.channel === undefined || f.channel === args.channel));
    const failure = at === -1 ? undefined : failures.splice(at, 1)[0]!.failure;
    if (failure?.kind === 'ratelimited') return json(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(failure.retryAfterSeconds) });
    if (failure?.kind === 'error') return json(res, 200, { ok: false, error: failure.error, ...(failure.needed ? { needed: failure.needed } : {}) });

    const appMethod = method === 'apps.connections.open';
    const expected = appMethod ? options.appToken : options.botToken;
    if (!auth) return json(res, 200, { ok: false, error: 'not_authed' });
    if (auth !== expected) return json(res, 200, { ok: false, error: 'invalid_auth' });

    switch (method) {
      case 'auth.test':
        return json(res, 200, {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake Workspace',
          user: 'balie',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        });
      case 'apps.connections.open':
        return json(res, 200, { ok: true, url: `${base.replace(/^http/, 'ws')}/link/?ticket=${randomUUID()}&app_id=A00FAKEAPP01` });
      case 'chat.postMessage': {
        if (typeof args.channel !== 'string' || !args.channel) return json(res, 200, { ok: false, error: 'channel_not_found' });
        if (!args.text && !args.blocks) return json(res, 200, { ok: false, error: 'no_text' });
        if (typeof args.text === 'string' && args.text.length > 40_000) return json(res, 200, { ok: false, error: 'msg_too_long' });
        const ts = nextTs();
        const message = { ...(args as Omit<PostedMessage, 'ts'>), ts };
        posted.push(message);
        return json(res, 200, { ok: true, channel: args.channel, ts, message: { type: 'message', user: botUserId, bot_id: botId, text: args.text, ts } });
      }
      case 'chat.update': {
        // Slack edits the message in place: same ts, new text and blocks.
        const message = posted.find((p) => p.channel === args.channel && p.ts === args.ts);
        if (!message) return json(res, 200, { ok: false, error: 'message_not_found' });
        if (!args.text && !args.blocks) return json(res, 200, { ok: false, error: 'no_text' });
        Object.assign(message, { text: args.text, blocks: args.blocks });
        return json(res, 200, { ok: true, channel: args.channel, ts: args.ts, text: args.text });
      }
      case 'chat.postEphemeral': {
        if (typeof args.channel !== 'string' || !args.channel) return json(res, 200, { ok: false, error: 'channel_not_found' });
        if (typeof args.user !== 'string' || !args.user) return json(res, 200, { ok: false, error: 'user_not_in_channel' });
        ephemerals.push({ channel: args.channel, user: args.user, thread_ts: args.thread_ts as string | undefined, text: args.text as string | undefined });
        return json(res, 200, { ok: true, message_ts: nextTs() });
      }
      case 'views.open': {
        const view = args.view as OpenedView['view'] | undefined;
        if (typeof args.trigger_id !== 'string' || !args.trigger_id) return json(res, 200, { ok: false, error: 'invalid_trigger_id' });
        if (!view || view.type !== 'modal') return json(res, 200, { ok: false, error: 'invalid_arguments' });
        const opened = { trigger_id: args.trigger_id, view, id: `V${String(++seq).padStart(10, '0')}` };
        views.push(opened);
        return json(res, 200, { ok: true, view: { id: opened.id, ...view } });
      }
      case 'users.info': {
        const user = users.get(String(args.user));
        if (!user) return json(res, 200, { ok: false, error: 'user_not_found' });
        return json(res, 200, {
          ok: true,
          user: {
            id: user.id,
            team_id: teamId,
            name: user.name,
            real_name: user.realName ?? user.name,
            ...(args.include_locale === 'true' || args.include_locale === true ? { locale: user.locale ?? 'en-US' } : {}),
            profile: { display_name: user.displayName ?? '', real_name: user.realName ?? user.name },
            is_bot: false,
          },
        });
      }
      case 'files.info': {
        const file = files.get(String(args.file));
        if (!file) return json(res, 200, { ok: false, error: 'file_not_found' });
        const url = `${base}/files-pri/${teamId}-${file.id}/${encodeURIComponent(file.name)}`;
        return json(res, 200, {
          ok: true,
          file: { id: file.id, name: file.name, mimetype: file.mimetype, size: file.data.length, url_private: url, url_private_download: `${url}?download=1` },
        });
      }
      default:
        return json(res, 200, { ok: false, error: 'unknown_method' });
    }
  };

  const download = (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/files-pri\/[A-Z0-9]+-([A-Z0-9]+)\//.exec(req.url ?? '');
    const file = match ? files.get(match[1]!) : undefined;
    calls.push({ method: 'GET file', args: { url: req.url }, token: /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] });
    if (req.headers.authorization !== `Bearer ${options.botToken}`) {
      // Slack answers a login page, with 200, to a download without a valid token.
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'Content-Type': file.mimetype, 'Content-Length': String(file.data.length) });
    res.end(file.data);
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    const apiMatch = /^\/api\/([a-zA-Z.]+)$/.exec(path);
    if (req.method === 'POST' && apiMatch) {
      api(apiMatch[1]!, req, res).catch((err: unknown) => json(res, 500, { ok: false, error: 'fake_crashed', detail: String(err) }));
    } else if (req.method === 'GET' && path.startsWith('/files-pri/')) {
      download(req, res);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/link/')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data) => {
        const message = safeJson(data.toString()) as { envelope_id?: string; payload?: unknown } | undefined;
        if (!message?.envelope_id) return;
        acks.set(message.envelope_id, message.payload);
        ackWaiters.get(message.envelope_id)?.(message.payload);
        ackWaiters.delete(message.envelope_id);
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: clients.size,
          debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
          connection_info: { app_id: 'A00FAKEAPP01' },
        }),
      );
      const waiters = connectedWaiters;
      connectedWaiters = [];
      waiters.forEach((w) => w());
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    botUserId,
    botId,
    calls,
    posted: (channel) => posted.filter((p) => channel === undefined || p.channel === channel),
    callsTo: (method) => calls.filter((c) => c.method === method),
    ephemerals: (user) => ephemerals.filter((e) => user === undefined || e.user === user),
    views: () => views,
    addUser: (user) => users.set(user.id, user),
    addFile: (file) => files.set(file.id, file),
    hold(method) {
      let release!: () => void;
      held.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        held.delete(method);
        release();
      };
    },
    failNext(method, failure, { times = 1, channel } = {}) {
      for (let i = 0; i < times; i++) failures.push({ method, channel, failure });
    },
    socket: {
      acks,
      get connections() {
        return clients.size;
      },
      send(envelope) {
        const full = { accepts_response_payload: false, ...envelope, envelope_id: envelope.envelope_id ?? randomUUID() };
        const acked = new Promise<unknown>((resolve) => ackWaiters.set(full.envelope_id, resolve));
        for (const ws of clients) ws.send(JSON.stringify(full));
        return acked;
      },
      connected: () => (clients.size > 0 ? Promise.resolve() : new Promise<void>((resolve) => connectedWaiters.push(resolve))),
    },
    async close() {
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
