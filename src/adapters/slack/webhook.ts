import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../core/logger.js';
import { HttpError, route } from '../../core/http.js';
import { parseInteractionForm } from './parse.js';
import type { Retry } from './receiver.js';
import { verifySlackSignature } from './verify.js';

export const EVENTS_PATH = '/webhooks/slack/events';
export const INTERACTIONS_PATH = '/webhooks/slack/interactions';

export type SlackPayloadKind = 'events' | 'interactions';

export interface WebhookDeps {
  /** Undefined when Slack talks over Socket Mode only. */
  signingSecret?: string;
  logger: () => Logger;
  /** Validates and hands one payload to balie; resolves with a reply body when Slack expects one. */
  ingest(kind: SlackPayloadKind, payload: unknown, retry: Retry): Promise<Record<string, unknown> | undefined>;
}

/**
 * The Events API and interactivity request URLs. Order matters: signature first (401, no turn),
 * then the body (400 saying what is wrong), then the ingress; 200 once the message is accepted.
 */
export function registerSlackWebhooks(server: Server, deps: WebhookDeps): void {
  const r = (fn: (req: Request, res: Response) => Promise<void>) => route((err, req) => deps.logger().error({ err, path: req.path() }, 'Slack webhook failed'), fn);

  const handle = (kind: SlackPayloadKind) =>
    r(async (req, res) => {
      if (!deps.signingSecret) {
        throw new HttpError(404, 'NOT_FOUND', 'this balie receives Slack over Socket Mode; set SLACK_SIGNING_SECRET to accept HTTP request URLs as well');
      }
      // restify's body parser keeps the exact text it read (UTF-8) as rawBody: Slack signs those bytes.
      const verified = verifySlackSignature(deps.signingSecret, req.headers, (req as Request & { rawBody?: string | Buffer }).rawBody);
      if (!verified.ok) throw new HttpError(401, 'UNAUTHENTICATED', verified.reason);
      const payload = kind === 'events' ? jsonBody(req) : parseInteractionForm(req.body);
      const retryNum = Number(req.header('x-slack-retry-num'));
      const retry: Retry = { num: Number.isInteger(retryNum) && retryNum > 0 ? retryNum : undefined, reason: req.header('x-slack-retry-reason') || undefined };
      const reply = await deps.ingest(kind, payload, retry);
      if (reply) res.send(200, reply);
      else {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end();
      }
    });

  server.post(EVENTS_PATH, handle('events'));
  server.post(INTERACTIONS_PATH, handle('interactions'));
}

function jsonBody(req: Request): unknown {
  if (!req.is('json') || typeof req.body !== 'object' || req.body === null) {
    throw new HttpError(400, 'BAD_REQUEST', 'invalid request body: Slack events are a JSON object sent as application/json');
  }
  return req.body;
}
