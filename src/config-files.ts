import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from './core/errors.js';
import { optionalEnv as optional } from './core/env-values.js';
import { readYamlFile } from './core/yaml-file.js';
import { sendLimitsSchema } from './core/send-limits.js';

/*
 * The schemas of config/balie.yaml and config/agents.yaml, and the agents' desk tokens: the file
 * half of the configuration (src/config.ts reads the environment and puts it all together).
 */

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const hoursRange = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must look like "09:00-17:30"');
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'is not a known IANA time zone (e.g. Europe/Amsterdam)');
export const language = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as nl or en');

// A section whose keys are all commented out reads as null in YAML: treat it as empty.
const section = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);

const skillName = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a skill as written in agents.yaml, e.g. complaints');
/** The skills one kind of handoff wants: `required` (only agents with all of them, while any is online) and `preferred` (first choice). */
const skillRule = z.strictObject({
  required: z.array(skillName).default([]),
  preferred: z.array(skillName).default([]),
});
export type SkillRule = z.output<typeof skillRule>;
/** Which skills a handoff wants, by why it was asked for, the dialog that asked, and the FAQ topic (an entry's tags) it was about. */
export const handoffSkillsSchema = z.strictObject({
  reasons: z
    .strictObject({
      'customer-asked': skillRule.optional(),
      'not-understood': skillRule.optional(),
      complaint: skillRule.optional(),
      vip: skillRule.optional(),
      dialog: skillRule.optional(),
    })
    .default({}),
  /** By dialog id: a dialog's own request for a person. */
  dialogs: z.record(z.string().min(1), skillRule).default({}),
  /** By FAQ tag: the topic of the last question the bot answered. */
  tags: z.record(z.string().min(1), skillRule).default({}),
});
export type HandoffSkills = z.output<typeof handoffSkillsSchema>;

export const balieFileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  bot: section(
    z.strictObject({
      name: z.string().min(1).default('balie'),
      defaultLanguage: language.default('nl'),
    }),
  ),
  faq: section(
    z.strictObject({
      threshold: z.number().min(0).max(1).optional(),
    }),
  ),
  /** The unanswered-question inbox and teaching the FAQ from the desk (docs/agents.md, "Questions the bot couldn't answer"). */
  listening: section(
    z.strictObject({
      /** Days a question nobody asked again stays in the inbox. */
      keepDays: z
        .number({ error: 'must be a number of days, e.g. 90' })
        .int('must be a whole number of days')
        .min(1, 'must be at least 1 day')
        .max(730, 'must be at most 730 days (two years)')
        .default(90),
      /** At most this many questions are kept; the least recently asked go first. */
      maxQuestions: z
        .number({ error: 'must be a number, e.g. 500' })
        .int('must be a whole number')
        .min(10, 'must be at least 10')
        .max(10_000, 'must be at most 10000 (the desk lists them all)')
        .default(500),
      /** Supervisors always see the inbox and teach; agents only when this is true. */
      agentsMayTeach: z.boolean({ error: 'must be true or false' }).default(false),
      /** An agent's "teach from this handoff" is taught at once (still checked) instead of waiting as a draft for a supervisor. */
      agentsMayTeachFromHandoff: z.boolean({ error: 'must be true or false (true: what an agent drafts after a handoff is taught without a supervisor)' }).default(false),
      /**
       * "Did this help?" after an FAQ answer, at most once per conversation: `off`, or the share
       * of conversations asked (0..1; 1 asks every conversation once).
       */
      feedback: z
        .union(
          [
            z.literal('off'),
            z
              .number()
              .min(0, 'must be off or a share of conversations between 0 and 1, e.g. 0.3')
              .max(1, 'must be off or a share of conversations between 0 and 1, e.g. 0.3 (1 asks every conversation once)'),
          ],
          { error: 'must be off or a share of conversations between 0 and 1, e.g. 0.3' },
        )
        .default(0.3),
    }),
  ),
  dialogs: section(
    z.strictObject({
      /** Consecutive not-understood turns before the bot offers a person. */
      offerHumanAfter: z.number().int().min(1).max(10).default(1),
    }),
  ),
  webchat: section(
    z.strictObject({
      title: z.string().min(1).optional(),
      accentColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #c2410c')
        .default('#c2410c'),
      /** Days a conversation's token lasts unused (renewed while the conversation is used). */
      tokenDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1').max(365, 'must be at most 365').default(30),
    }),
  ),
  handoff: section(
    z.strictObject({
      /** Seconds an agent has to accept an offered chat before it goes to the next agent. */
      offerTimeoutSeconds: z.number().int().min(5).max(3600).default(60),
      /** Seconds a returning customer waits for their previous agent before anyone suitable is asked. */
      preferPreviousSeconds: z.number().int().min(0).max(86_400).default(120),
      /** Minutes without a word from the customer before an agent's chat is closed. */
      customerIdleMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60)
        .default(30),
      /** Minutes a customer may wait for the owning agent's reply before the agent and supervisors are reminded. */
      agentIdleMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(5),
      /** Minutes a customer message may go without any reply before the customer is promised an answer and the owner and supervisors are reminded. */
      unansweredAfterMinutes: z
        .number()
        .int('must be a whole number of minutes')
        .min(1, 'must be at least 1 minute')
        .max(24 * 60, 'must be at most 1440 (a day)')
        .default(10),
      /** Not-understood messages in a row after which the bot hands off by itself (unless the customer said no). */
      afterNotUnderstood: z.number().int().min(1).max(20).default(2),
      /** How strongly a message must sound like a complaint (lexicon hits, "!!", shouting) to go to a person. */
      complaintScore: z.number().int().min(1).max(10).default(2),
      /** VIP customers, as `<channel>:<user id>` (e.g. `telegram:123456789`): a person sooner, and ahead in the queue. */
      vipCustomers: z.array(z.string().regex(/^[a-z-]+:.+$/, 'must look like <channel>:<user id>, e.g. telegram:123456789')).default([]),
      /** Skills a handoff wants, by reason, dialog and FAQ tag (docs/agents.md, "Skills"). */
      skills: z.preprocess((v) => v ?? {}, handoffSkillsSchema),
      /** The business's time zone for the supervisor's "today" and per-day figures (default: the server's). */
      timeZone: timeZone.optional(),
    }),
  ),
  state: section(
    z.strictObject({
      ttlDays: z.number().int().min(0).default(30),
    }),
  ),
  dedupe: section(
    z.strictObject({
      ttlHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 14)
        .default(24),
    }),
  ),
  backlog: section(
    z.strictObject({
      /** A customer whose answer is estimated this many seconds away (or more) is told how long it will take; 0: never. */
      busyNoticeAfterSeconds: z.number().int('must be a whole number of seconds').min(0, 'must be 0 (never) or more').max(86_400, 'must be at most 86400 (a day)').default(120),
      /** A conversation gets that notice at most once in this many minutes. */
      busyNoticeEveryMinutes: z
        .number()
        .int('must be a whole number of minutes')
        .min(1, 'must be at least 1')
        .max(7 * 24 * 60, 'must be at most 10080 (a week)')
        .default(60),
    }),
  ),
  limits: section(
    z.strictObject({
      /** Web chat conversations one client address may start per minute. */
      newConversationsPerIp: z.number().int().min(1).max(100_000).default(10),
      /** Requests per minute one client address may make to what anyone can call (web chat API, QR page). */
      requestsPerIp: z.number().int().min(1).max(1_000_000).default(300),
      /** Messages one conversation may send per minute, on every channel; more are not answered. */
      messagesPerConversation: z.number().int().min(1).max(100_000).default(30),
      /** Proxies in front of balie that add X-Forwarded-For (0: clients connect directly). */
      trustedProxies: z.number().int().min(0).max(10).default(0),
      /** The proxies' own addresses; X-Forwarded-For counts only on connections from them (default: any private address). */
      proxyAddresses: z.array(z.string().refine((v) => isIP(v) !== 0, 'must be an IP address such as 10.0.0.5')).default([]),
      /** Seconds a client has to send a request's headers. */
      headersTimeoutSeconds: z.number().int().min(1).max(300).default(10),
      /** Seconds a client has to send a whole request, body included (not the answer: live streams stay open). */
      requestTimeoutSeconds: z.number().int().min(1).max(600).default(60),
      /** Seconds an idle keep-alive connection stays open between requests. */
      keepAliveTimeoutSeconds: z.number().int().min(1).max(600).default(5),
      /** Open connections one process accepts; more are closed at once. */
      maxConnections: z.number().int().min(10).max(1_000_000).default(10_000),
      /** Open live streams per web chat conversation or desk session, per client address, and in all, per process. */
      streamsPerOwner: z.number().int().min(1).max(100).default(4),
      streamsPerAddress: z.number().int().min(1).max(100_000).default(100),
      streamsTotal: z.number().int().min(1).max(1_000_000).default(5000),
    }),
  ),
  /** The platforms' sending limits, kept by all processes together when Redis is configured (docs/operations.md). */
  sendLimits: section(sendLimitsSchema),
});

export const agentSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _'),
  name: z.string().min(1),
  intro: z.record(language, z.string().min(1)).default({}),
  avatarUrl: optional(z.string()),
  languages: z.array(language).min(1, 'must list at least one language'),
  skills: z.array(z.string().min(1)).default([]),
  maxChats: z.number().int().min(1).max(50).default(3),
  role: z.enum(['agent', 'supervisor']).default('agent'),
  timezone: timeZone.default('Europe/Amsterdam'),
  workingHours: z.partialRecord(weekday, hoursRange).default({}),
  slackUserId: optional(z.string().regex(/^[UW][A-Z0-9]+$/, 'must be a Slack user id like U0123ABCD')),
});
export type AgentConfig = z.output<typeof agentSchema>;

export const agentsFileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  agents: z.array(agentSchema).superRefine((agents, ctx) => {
    const seen = new Set<string>();
    const slackUsers = new Set<string>();
    agents.forEach((a, i) => {
      if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${a.id}" is used by more than one agent` });
      seen.add(a.id);
      // The Slack desk acts as whoever has the Slack id: two agents cannot share one.
      if (a.slackUserId && slackUsers.has(a.slackUserId)) ctx.addIssue({ code: 'custom', path: [i, 'slackUserId'], message: `"${a.slackUserId}" is used by more than one agent` });
      if (a.slackUserId) slackUsers.add(a.slackUserId);
    });
  }),
});

const tokensFileSchema = z.record(
  z.string(),
  z.string().refine((t) => /^sha256:[0-9a-f]{64}$/.test(t) || t.length >= 16, 'must be a token of at least 16 characters, or sha256:<64 hex digits>'),
);

/** Agents' desk tokens from env or a secrets file, kept only as SHA-256 hashes. */
export function loadAgentTokens(inline: string | undefined, file: string | undefined, agents: AgentConfig[]): { agentId: string; sha256: string }[] {
  const pairs: [string, string, string][] = [];
  if (inline)
    for (const part of inline.split(',')) {
      const [id, ...rest] = part.trim().split('=');
      pairs.push([id!, rest.join('='), 'BALIE_AGENT_TOKENS']);
    }
  if (file) {
    const path = resolve(file);
    if (!existsSync(path))
      throw new ConfigError([
        { source: 'env', key: 'BALIE_AGENT_TOKENS_FILE', problem: `the file ${path} does not exist`, fix: 'point it at a YAML file of `agentId: token` lines, or unset it' },
      ]);
    for (const [id, token] of Object.entries(readYamlFile(path, 'agent tokens file', tokensFileSchema))) pairs.push([id, token, 'BALIE_AGENT_TOKENS_FILE']);
  }
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  const tokens = pairs.map(([agentId, token, key]) => {
    if (!agents.some((a) => a.id === agentId))
      problems.push({ source: 'env', key, problem: `names "${agentId}", who is not in agents.yaml`, fix: `use one of: ${agents.map((a) => a.id).join(', ')}` });
    if (seen.has(agentId)) problems.push({ source: 'env', key, problem: `gives "${agentId}" more than one token`, fix: 'give each agent one token' });
    seen.add(agentId);
    const sha256 = token.startsWith('sha256:') ? token.slice(7) : createHash('sha256').update(token).digest('hex');
    return { agentId, sha256 };
  });
  if (problems.length) throw new ConfigError(problems);
  return tokens;
}
