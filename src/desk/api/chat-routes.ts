import type { Server } from 'restify';
import { HttpError, validate } from '../../core/http.js';
import type { AgentIdentity, Desk } from '../../handoff/desk.js';
import { bodyOf, DESK_API, keyOf, type DeskApiContext } from './context.js';
import { emptyBody, messageBody, transcriptQuery, transferBody } from './schemas.js';

/**
 * A chat's life from the agent's side. Who may do what is the Desk's decision (offered or assigned
 * to you; supervisors any), so the console, the Slack desk and these routes share one set of rules.
 */
export function registerChatRoutes(server: Server, ctx: DeskApiContext): void {
  const { app, config } = ctx;

  server.get(
    `${DESK_API}/chats`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const mine = await desk.myChats(agent);
      const { service } = ctx.handoff();
      // An offer runs from offeredAt to deadline (server clock, ms), so a console that sees it late
      // still draws the whole countdown.
      const offers = await Promise.all(
        mine
          .filter((c) => c.state === 'offered' && c.offeredTo === agent.id)
          .map(async (c) => {
            const deadline = (await service.caseFor(c.key))?.offerDeadline ?? Date.now();
            return { ...c, deadline, offeredAt: deadline - service.settings.offerTimeoutMs };
          }),
      );
      res.send(200, {
        offers,
        chats: mine.filter((c) => c.state === 'active' && c.agentId === agent.id),
        // Supervisors: everyone else's open chats too.
        others: agent.role === 'supervisor' ? mine.filter((c) => c.agentId !== agent.id && c.offeredTo !== agent.id) : [],
      });
    }),
  );

  server.get(
    `${DESK_API}/chats/:key`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const key = keyOf(req);
      const packet = await desk.context(agent, key);
      res.send(200, { ...packet, notes: await ctx.notes.list(key) });
    }),
  );

  server.get(
    `${DESK_API}/chats/:key/transcript`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const key = keyOf(req);
      const query = validate(transcriptQuery, req.query ?? {}, 'query');
      await desk.authorise(agent, key, 'read');
      res.send(200, { entries: await app.stores.transcripts.list(key, { after: query.after, limit: query.after ? query.limit : (query.limit ?? 100) }) });
    }),
  );

  const withCase: [string, (d: Desk, a: AgentIdentity, k: string) => Promise<unknown>][] = [
    ['accept', (d, a, k) => d.accept(a, k)],
    ['claim', (d, a, k) => d.claim(a, k)],
  ];
  for (const [path, act] of withCase) {
    server.post(
      `${DESK_API}/chats/:key/${path}`,
      ctx.handler(async (req, res) => {
        const { desk, agent } = await ctx.signedIn(req);
        const key = keyOf(req);
        validate(emptyBody, bodyOf(req));
        res.send(200, { case: await act(desk, agent, key) });
      }),
    );
  }

  const noContent: [string, (d: Desk, a: AgentIdentity, k: string) => Promise<unknown>][] = [
    ['decline', (d, a, k) => d.decline(a, k)],
    ['hand-back', (d, a, k) => d.handBack(a, k)],
    [
      'resolve',
      async (d, a, k) => {
        // Why it was handed over is gone once resolved: kept with who resolved it, for teaching from it.
        const before = await ctx.handoff().service.caseFor(k);
        await d.resolve(a, k);
        if (!before) return;
        await app.listening.drafts
          .resolved({ conversation: k, agentId: a.id, reason: before.reason, language: before.language, at: Date.now() })
          // The chat is resolved all the same; only the offer to teach from it is lost.
          .catch((err: unknown) => ctx.log.warn({ err, key: k }, 'could not keep who resolved a chat; no teaching offered from it'));
      },
    ],
  ];
  for (const [path, act] of noContent) {
    server.post(
      `${DESK_API}/chats/:key/${path}`,
      ctx.handler(async (req, res) => {
        const { desk, agent } = await ctx.signedIn(req);
        const key = keyOf(req);
        validate(emptyBody, bodyOf(req));
        await act(desk, agent, key);
        res.send(204);
      }),
    );
  }

  server.post(
    `${DESK_API}/chats/:key/transfer`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const key = keyOf(req);
      const body = validate(transferBody, bodyOf(req));
      if (body.toAgentId && !config.agents.some((a) => a.id === body.toAgentId)) {
        throw new HttpError(400, 'BAD_REQUEST', `invalid request body: toAgentId: no agent "${body.toAgentId}" (one of: ${config.agents.map((a) => a.id).join(', ')})`);
      }
      await desk.transfer(agent, key, body.toAgentId, body.note || undefined);
      res.send(204);
    }),
  );

  server.post(
    `${DESK_API}/chats/:key/messages`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const key = keyOf(req);
      const body = validate(messageBody, bodyOf(req));
      // An uploaded file's address must be absolute for the platforms that fetch it (PUBLIC_URL).
      const base = config.publicUrl?.replace(/\/$/, '');
      const attachments = body.attachments?.map((a) => ({ ...a, contentUrl: a.contentUrl.startsWith('/') && base ? `${base}${a.contentUrl}` : a.contentUrl }));
      await desk.send(agent, key, body.text ?? '', attachments);
      const [entry] = (await app.stores.transcripts.list(key, { limit: 1 })).filter((e) => e.role === 'agent');
      res.send(201, { entry });
    }),
  );
}
