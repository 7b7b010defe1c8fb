import type { Request, Server } from 'restify';
import type { ResolvedChat, TeachDraft } from '../../core/listening/drafts.js';
import type { FaqTeaching } from '../../core/listening/types.js';
import { HttpError, validate } from '../../core/http.js';
import type { AgentIdentity } from '../../handoff/desk.js';
import { bodyOf, DESK_API, keyOf, type DeskApiContext } from './context.js';
import { acceptDraftBody, emptyBody, teachDraftBody, teachDraftId } from './schemas.js';
import { prefillFrom } from './teach-prefill.js';

/**
 * Teaching from a handoff (issue #14 part 3). An agent who resolved a chat the bot did not
 * understand gets its question and their answer prefilled, and proposes a phrasing or a new entry.
 * The proposal waits as a draft for a supervisor, or is taught at once where balie.yaml says
 * `listening.agentsMayTeachFromHandoff: true`; either way through the check:faq rules.
 */
export function registerTeachDraftRoutes(server: Server, ctx: DeskApiContext): void {
  const { listening } = ctx.app;

  const supervisorOnly = async (req: Request, doing: string): Promise<AgentIdentity> => {
    const { agent } = await ctx.signedIn(req);
    if (agent.role !== 'supervisor') {
      ctx.log.warn({ agentId: agent.id, code: 'FORBIDDEN' }, `an agent tried to ${doing}`);
      throw new HttpError(403, 'FORBIDDEN', `only supervisors may ${doing}`);
    }
    return agent;
  };
  // Only who resolved the chat (or a supervisor): an agent cannot draft from a colleague's customer.
  const resolutionFor = async (agent: AgentIdentity, conversation: string): Promise<ResolvedChat> => {
    const resolved = await listening.drafts.resolutionOf(conversation);
    if (!resolved) throw new HttpError(404, 'NOT_FOUND', 'that chat was not resolved from the desk in the last 7 days, so there is nothing to teach from');
    if (resolved.agentId !== agent.id && agent.role !== 'supervisor') throw new HttpError(403, 'FORBIDDEN', 'you may only teach from a chat you resolved yourself');
    return resolved;
  };
  const checked = async (teaching: FaqTeaching) => {
    const problems = await listening.teacher.problemsWith(teaching);
    if (problems.length) throw new HttpError(409, 'FAQ_TEACHING_REJECTED', `the FAQ would answer wrongly with this: ${problems.join('; ')}`);
  };
  const draftOf = async (req: Request): Promise<TeachDraft> => {
    const id = validate(teachDraftId, req.params?.id, 'draft id');
    const draft = await listening.drafts.get(id);
    if (!draft) throw new HttpError(404, 'NOT_FOUND', 'that draft is no longer there (accepted or rejected by a colleague)');
    return draft;
  };
  const taughtFrom = async (inboxId: string | undefined) => {
    if (inboxId) await listening.inbox.remove(inboxId);
  };

  server.get(
    `${DESK_API}/chats/:key/teach-draft`,
    ctx.handler(async (req, res) => {
      const { agent } = await ctx.signedIn(req);
      const key = keyOf(req);
      const resolved = await resolutionFor(agent, key);
      const { teacher } = listening;
      const prefill = await prefillFrom({ transcripts: ctx.app.stores.transcripts, inbox: listening.inbox }, key, resolved.language, resolved.reason === 'not-understood');
      if (!prefill) return res.send(200, { offer: null });
      const languages = teacher.languages();
      res.send(200, {
        offer: {
          conversation: key,
          language: resolved.language,
          ...prefill,
          suggestions: teacher.suggestions(prefill.question, resolved.language),
          entries: teacher.entries(resolved.language),
          languages,
          direct: agent.role === 'supervisor' || ctx.config.listening.agentsMayTeachFromHandoff,
        },
      });
    }),
  );

  server.post(
    `${DESK_API}/teach-drafts`,
    ctx.handler(async (req, res) => {
      const { agent } = await ctx.signedIn(req);
      const body = validate(teachDraftBody, bodyOf(req));
      const resolved = await resolutionFor(agent, body.conversation);
      const { language } = resolved;
      let teaching: FaqTeaching;
      let question: string;
      if (body.kind === 'phrasing') {
        teaching = { kind: 'phrasing', entryId: body.entryId, language, question: body.question };
        question = body.question;
      } else {
        const own = body.texts[language];
        if (!own) throw new HttpError(400, 'BAD_REQUEST', `invalid request body: texts: give the question and answer in "${language}", the language of the chat`);
        teaching = { kind: 'entry', entryId: body.entryId, texts: body.texts };
        question = own.question;
      }
      const missing = body.kind === 'entry' ? listening.teacher.languages().filter((l) => !body.texts[l]) : [];
      // A draft that is complete is checked now: the agent hears what is wrong while the chat is fresh.
      if (!missing.length) await checked(teaching);
      const prefill = await prefillFrom({ transcripts: ctx.app.stores.transcripts, inbox: listening.inbox }, body.conversation, language, true);
      const direct = agent.role === 'supervisor' || ctx.config.listening.agentsMayTeachFromHandoff;
      if (direct && !missing.length) {
        const taught = await listening.teacher.teach(teaching, agent.id);
        await taughtFrom(prefill?.inboxId);
        return res.send(201, { taught });
      }
      const draft = await listening.drafts.add({
        conversation: body.conversation,
        language,
        question,
        reply: body.reply ?? prefill?.reply ?? '',
        teaching,
        missing,
        ...(prefill?.inboxId ? { inboxId: prefill.inboxId } : {}),
        by: agent.id,
      });
      ctx.log.info({ agentId: agent.id, draft: draft.id, kind: teaching.kind, entryId: teaching.entryId }, 'FAQ draft from a handoff, for a supervisor');
      res.send(201, { draft });
    }),
  );

  server.get(
    `${DESK_API}/teach-drafts`,
    ctx.handler(async (req, res) => {
      await supervisorOnly(req, 'read the drafts agents wrote for the FAQ');
      const { teacher } = listening;
      const languages = teacher.languages();
      res.send(200, { drafts: await listening.drafts.list(), languages, entries: Object.fromEntries(languages.map((l) => [l, teacher.entries(l)])) });
    }),
  );

  server.post(
    `${DESK_API}/teach-drafts/:id/accept`,
    ctx.handler(async (req, res) => {
      const supervisor = await supervisorOnly(req, 'accept drafts for the FAQ');
      const body = validate(acceptDraftBody, bodyOf(req));
      const draft = await draftOf(req);
      const was = draft.teaching;
      const teaching: FaqTeaching =
        was.kind === 'phrasing'
          ? { ...was, entryId: body.entryId ?? was.entryId, question: body.question ?? was.question }
          : { kind: 'entry', entryId: body.entryId ?? was.entryId, texts: { ...was.texts, ...body.texts } };
      await checked(teaching);
      if (!(await listening.drafts.remove(draft.id))) throw new HttpError(404, 'NOT_FOUND', 'that draft was just accepted or rejected by a colleague');
      const taught = await listening.teacher.teach(teaching, supervisor.id, draft.by);
      await taughtFrom(draft.inboxId);
      res.send(201, { taught });
    }),
  );

  server.post(
    `${DESK_API}/teach-drafts/:id/reject`,
    ctx.handler(async (req, res) => {
      const supervisor = await supervisorOnly(req, 'reject drafts for the FAQ');
      validate(emptyBody, bodyOf(req));
      const draft = await draftOf(req);
      if (!(await listening.drafts.remove(draft.id))) throw new HttpError(404, 'NOT_FOUND', 'that draft was just accepted or rejected by a colleague');
      ctx.log.info({ agentId: supervisor.id, draft: draft.id, draftedBy: draft.by }, 'FAQ draft rejected');
      res.send(204);
    }),
  );
}
