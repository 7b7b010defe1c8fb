import type { Request, Response } from 'restify';
import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import { route, validate } from '../../core/http.js';
import type { Logger } from '../../core/logger.js';
import type { AgentIdentity, Desk } from '../../handoff/desk.js';
import type { Handoff } from '../../handoff/create.js';
import type { NotesStore } from '../notes.js';
import { chatKey } from './schemas.js';

export const DESK_API = '/api/desk';

/** What the desk's routes share: the app, the signed-in agent, and the desk's own stores. */
export interface DeskApiContext {
  app: App;
  config: Config;
  log: Logger;
  notes: NotesStore;
  /** The handoff; only defined after `signedIn` or `requireDesk` succeeded. */
  handoff(): Handoff;
  /** 503 with the fix when there is no desk (no agents, or production without tokens). */
  requireDesk(): Promise<Desk>;
  /** The agent of this request's session, or 401; writes must be JSON (a cross-site form cannot send that), or 415. */
  signedIn(req: Request, opts?: { json?: boolean }): Promise<{ desk: Desk; agent: AgentIdentity; session: string }>;
  /** Wraps a handler: errors become JSON answers, 5xx are logged. */
  handler(fn: (req: Request, res: Response) => Promise<void>): (req: Request, res: Response) => Promise<void>;
}

export interface AgentSummary {
  id: string;
  name: string;
  role: 'agent' | 'supervisor';
  avatarUrl?: string;
  languages: string[];
  skills: string[];
  maxChats: number;
}

export function agentSummary(config: Config, id: string): AgentSummary {
  const a = config.agents.find((x) => x.id === id)!;
  return { id: a.id, name: a.name, role: a.role, avatarUrl: a.avatarUrl, languages: a.languages, skills: a.skills, maxChats: a.maxChats };
}

export const keyOf = (req: Request): string => validate(chatKey, req.params?.key, 'chat key');

/** The JSON body, or {} when there is none (so a strict empty schema accepts a bare POST). */
export const bodyOf = (req: Request): unknown => (req.body === undefined || req.body === '' ? {} : req.body);

export function makeHandler(log: Logger) {
  return (fn: (req: Request, res: Response) => Promise<void>) => route((err, req) => log.error({ err, path: req.path() }, 'desk API request failed'), fn);
}
