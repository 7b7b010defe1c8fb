import type { Request, Server } from 'restify';
import type { FaqTeaching, UnansweredQuestion } from '../../core/listening/types.js';
import { HttpError, validate } from '../../core/http.js';
import type { AgentIdentity } from '../../handoff/desk.js';
import { bodyOf, DESK_API, type DeskApiContext } from './context.js';
import { teachEntryBody, teachPhrasingBody, unansweredId, unansweredQuery } from './schemas.js';

const MAX_LISTED = 200;

/**
 * "Questions the bot couldn't answer" (issue #14): the inbox, and teaching the FAQ from it. For
 * supervisors, and for agents when balie.yaml says `listening.agentsMayTeach: true`.
 */
export function registerListeningRoutes(server: Server, ctx: DeskApiContext): void {
  const { listening } = ctx.app;

  const teacherOnly = async (req: Request, doing: string): Promise<AgentIdentity> => {
    const { agent } = await ctx.signedIn(req);
    if (agent.role !== 'supervisor' && !ctx.config.listening.agentsMayTeach) {
      ctx.log.warn({ agentId: agent.id, code: 'FORBIDDEN' }, `an agent tried to ${doing}`);
      throw new HttpError(403, 'FORBIDDEN', `only supervisors may ${doing} (balie.yaml listening.agentsMayTeach lets agents too)`);
    }
    return agent;
  };
  const rowOf = async (req: Request): Promise<UnansweredQuestion> => {
    const id = validate(unansweredId, req.params?.id, 'question id');
    const row = await listening.inbox.get(id);
    if (!row) throw new HttpError(404, 'NOT_FOUND', 'that question is no longer in the inbox (taught or ignored by a colleague, or expired)');
    return row;
  };
  const teach = async (agent: AgentIdentity, row: UnansweredQuestion, teaching: FaqTeaching) => {
    const problems = await listening.teacher.problemsWith(teaching);
    if (problems.length) throw new HttpError(409, 'FAQ_TEACHING_REJECTED', `the FAQ would answer wrongly with this: ${problems.join('; ')}`);
    const taught = await listening.teacher.teach(teaching, agent.id);
    await listening.inbox.remove(row.id);
    return taught;
  };

  server.get(
    `${DESK_API}/unanswered`,
    ctx.handler(async (req, res) => {
      await teacherOnly(req, 'read the questions the bot could not answer');
      const { lang } = validate(unansweredQuery, req.query ?? {}, 'query');
      const { teacher } = listening;
      const rows = await listening.inbox.list({ language: lang, limit: MAX_LISTED });
      const languages = teacher.languages();
      res.send(200, {
        questions: rows.map((r) => ({ ...r, suggestions: teacher.suggestions(r.text, r.language) })),
        languages,
        entries: Object.fromEntries(languages.map((l) => [l, teacher.entries(l)])),
      });
    }),
  );

  server.get(
    `${DESK_API}/faq/helpfulness`,
    ctx.handler(async (req, res) => {
      await teacherOnly(req, 'read how helpful the FAQ answers were');
      res.send(200, { entries: await listening.helpfulness.list() });
    }),
  );

  server.get(
    `${DESK_API}/faq/taught`,
    ctx.handler(async (req, res) => {
      await teacherOnly(req, 'read what was taught to the FAQ');
      res.send(200, { taught: await listening.overlay.list() });
    }),
  );

  server.post(
    `${DESK_API}/unanswered/:id/phrasing`,
    ctx.handler(async (req, res) => {
      const agent = await teacherOnly(req, 'teach the FAQ');
      const body = validate(teachPhrasingBody, bodyOf(req));
      const row = await rowOf(req);
      const taught = await teach(agent, row, { kind: 'phrasing', entryId: body.entryId, language: row.language, question: body.question ?? row.text });
      res.send(201, { taught });
    }),
  );

  server.post(
    `${DESK_API}/unanswered/:id/entry`,
    ctx.handler(async (req, res) => {
      const agent = await teacherOnly(req, 'teach the FAQ');
      const body = validate(teachEntryBody, bodyOf(req));
      const row = await rowOf(req);
      const taught = await teach(agent, row, { kind: 'entry', entryId: body.id, texts: body.texts });
      res.send(201, { taught });
    }),
  );

  server.post(
    `${DESK_API}/unanswered/:id/ignore`,
    ctx.handler(async (req, res) => {
      const agent = await teacherOnly(req, 'ignore questions in the inbox');
      const row = await rowOf(req);
      await listening.inbox.remove(row.id);
      ctx.log.info({ agentId: agent.id, id: row.id }, 'unanswered question ignored');
      res.send(204);
    }),
  );
}
