import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { channelModules } from './adapters/index.js';
import { webchatChannel } from './adapters/webchat/module.js';
import { settingsOf, type ChannelEnv, type ChannelModule, type ChannelSite, type ConfiguredChannel, type ParsedEnv } from './core/channel-module.js';
import { boolEnv as bool, httpUrlEnv as httpUrl, optionalEnv as optional } from './core/env-values.js';
import { BalieError, ConfigError, type ConfigProblem } from './core/errors.js';
import { parseRedisNodes, type RedisTarget } from './core/redis/connect.js';
import { formatPath, readYamlFile } from './core/yaml-file.js';
import { loadFaqDir } from './dialogs/faq/load.js';
import type { FaqFile } from './dialogs/faq/types.js';

/*
 * The one place balie reads its settings: environment variables and config/*.yaml, validated with
 * zod. Every problem is collected (not just the first) and reported with its key and a fix.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const redisNodes = z
  .string()
  .transform((v, ctx) => {
    const { nodes, bad } = parseRedisNodes(v);
    if (bad.length || !nodes.length) {
      ctx.addIssue({ code: 'custom', message: `must list nodes as host:port separated by commas (e.g. 10.0.0.1:7000,10.0.0.2:7000)${bad.length ? `; not host:port: ${bad.join(', ')}` : ''}` });
      return z.NEVER;
    }
    return nodes;
  });

/** balie's own variables; each channel module adds its own (src/adapters/<channel>/module.ts). */
const envSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 (any free port) or more').max(65535, 'must be at most 65535').default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: 'must look like redis://host:6379 or rediss://user:password@host:6380' })),
  // Redis Cluster (seed nodes) or Sentinel instead of REDIS_URL; see docs/operations.md "Topologies".
  REDIS_CLUSTER_NODES: optional(redisNodes),
  REDIS_SENTINELS: optional(redisNodes),
  REDIS_SENTINEL_MASTER: optional(z.string().trim().min(1)),
  REDIS_USERNAME: optional(z.string().min(1)),
  REDIS_PASSWORD: optional(z.string().min(1)),
  REDIS_TLS: optional(bool),
  BALIE_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]*$/, 'may only use letters, digits, ":", "_" and "-"').default('balie:'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  BALIE_CONFIG_DIR: z.string().min(1).default('./config'),
  NODE_ENV: z.string().default('development'),
  PUBLIC_URL: optional(httpUrl),
  BALIE_ADMIN_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
  BALIE_AGENT_TOKENS: optional(z.string().regex(/^\s*[a-z0-9][a-z0-9_-]*=\S{16,}(\s*,\s*[a-z0-9][a-z0-9_-]*=\S{16,})*\s*$/, 'must look like sanne=<token>,bram=<token>, each token at least 16 characters')),
  BALIE_AGENT_TOKENS_FILE: optional(z.string().min(1)),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number({ error: 'must be a number' }).min(0, 'must be 0 or more').max(300, 'must be at most 300').default(10),
  INBOX_LEASE_SECONDS: z.coerce.number({ error: 'must be a number' }).min(1, 'must be at least 1').max(300, 'must be at most 300').default(15),
});

const ENV_FIXES: Record<string, string> = {
  PORT: 'set PORT to a free TCP port, e.g. PORT=3978',
  REDIS_URL: 'set REDIS_URL=redis://127.0.0.1:6379 (or unset it to run on in-memory stores)',
  REDIS_CLUSTER_NODES: 'list a few of the cluster\'s nodes, e.g. REDIS_CLUSTER_NODES=10.0.0.1:7000,10.0.0.2:7000 (the rest are found from them)',
  REDIS_SENTINELS: 'list the sentinels, e.g. REDIS_SENTINELS=10.0.0.1:26379,10.0.0.2:26379, and name the master in REDIS_SENTINEL_MASTER',
  LOG_LEVEL: 'set LOG_LEVEL=info (or debug to see message text while developing)',
  BALIE_ADMIN_TOKEN: 'use e.g. `openssl rand -hex 24`',
  BALIE_AGENT_TOKENS: 'give each agent a token of their own, e.g. `sanne=$(openssl rand -hex 24)`, or use BALIE_AGENT_TOKENS_FILE',
};

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
const language = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as nl or en');

// A section whose keys are all commented out reads as null in YAML: treat it as empty.
const section = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);

const balieFileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  bot: section(z.strictObject({
    name: z.string().min(1).default('balie'),
    defaultLanguage: language.default('nl'),
  })),
  faq: section(z.strictObject({
    threshold: z.number().min(0).max(1).optional(),
  })),
  dialogs: section(z.strictObject({
    /** Consecutive not-understood turns before the bot offers a person. */
    offerHumanAfter: z.number().int().min(1).max(10).default(1),
  })),
  webchat: section(z.strictObject({
    title: z.string().min(1).optional(),
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #c2410c').default('#c2410c'),
    /** Days a conversation's token lasts unused (renewed while the conversation is used). */
    tokenDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1').max(365, 'must be at most 365').default(30),
  })),
  handoff: section(z.strictObject({
    /** Seconds an agent has to accept an offered chat before it goes to the next agent. */
    offerTimeoutSeconds: z.number().int().min(5).max(3600).default(60),
    /** Seconds a returning customer waits for their previous agent before anyone suitable is asked. */
    preferPreviousSeconds: z.number().int().min(0).max(86_400).default(120),
    /** Minutes without a word from the customer before an agent's chat is closed. */
    customerIdleMinutes: z.number().int().min(1).max(7 * 24 * 60).default(30),
    /** Minutes a customer may wait for the owning agent's reply before the agent and supervisors are reminded. */
    agentIdleMinutes: z.number().int().min(1).max(24 * 60).default(5),
    /** Not-understood messages in a row after which the bot hands off by itself (unless the customer said no). */
    afterNotUnderstood: z.number().int().min(1).max(20).default(2),
    /** How strongly a message must sound like a complaint (lexicon hits, "!!", shouting) to go to a person. */
    complaintScore: z.number().int().min(1).max(10).default(2),
    /** VIP customers, as `<channel>:<user id>` (e.g. `telegram:123456789`): a person sooner, and ahead in the queue. */
    vipCustomers: z.array(z.string().regex(/^[a-z-]+:.+$/, 'must look like <channel>:<user id>, e.g. telegram:123456789')).default([]),
  })),
  state: section(z.strictObject({
    ttlDays: z.number().int().min(0).default(30),
  })),
  dedupe: section(z.strictObject({
    ttlHours: z.number().int().min(1).max(24 * 14).default(24),
  })),
  backlog: section(z.strictObject({
    /** A customer whose answer is estimated this many seconds away (or more) is told how long it will take; 0: never. */
    busyNoticeAfterSeconds: z.number().int('must be a whole number of seconds').min(0, 'must be 0 (never) or more').max(86_400, 'must be at most 86400 (a day)').default(120),
    /** A conversation gets that notice at most once in this many minutes. */
    busyNoticeEveryMinutes: z.number().int('must be a whole number of minutes').min(1, 'must be at least 1').max(7 * 24 * 60, 'must be at most 10080 (a week)').default(60),
  })),
  limits: section(z.strictObject({
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
  })),
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

const agentsFileSchema = z.strictObject({
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

export interface Config {
  port: number;
  host: string;
  redisUrl?: string;
  /** Which Redis (single, Cluster or Sentinel); undefined: in-memory stores. */
  redis?: RedisTarget;
  redisPrefix: string;
  logLevel: (typeof LOG_LEVELS)[number];
  production: boolean;
  configDir: string;
  publicUrl?: string;
  bot: z.output<typeof balieFileSchema>['bot'];
  faqThreshold?: number;
  dialogs: z.output<typeof balieFileSchema>['dialogs'];
  webchat: z.output<typeof balieFileSchema>['webchat'] & { secret?: string };
  stateTtlMs: number;
  dedupeTtlSeconds: number;
  limits: z.output<typeof balieFileSchema>['limits'];
  backlog: z.output<typeof balieFileSchema>['backlog'];
  handoff: { offerTimeoutMs: number; preferPreviousMs: number; customerIdleMs: number; agentIdleMs: number; afterNotUnderstood: number; complaintScore: number; vipCustomers: string[] };
  agents: AgentConfig[];
  faq: FaqFile[];
  /** Every channel balie knows (src/adapters/index.ts, or a test's own list). */
  channelModules: readonly ChannelModule[];
  /** The channels that are on, with their settings (read them with `settingsOf`). */
  channels: ConfiguredChannel[];
  /** Protects operator pages (e.g. the WhatsApp pairing QR); without it they answer only on loopback. */
  adminToken?: string;
  /** SHA-256 (hex) of each agent's desk token; empty when none are configured. */
  agentTokens: { agentId: string; sha256: string }[];
  /** On SIGTERM, how long running turns may take to finish before their conversations are handed over. */
  shutdownGraceSeconds: number;
  /** How long a conversation's lease lasts unrenewed: how long a dead process's chats wait for another. */
  inboxLeaseMs: number;
}

export interface LoadOptions {
  /** The channels to configure; default every channel in src/adapters/index.ts. */
  channels?: readonly ChannelModule[];
}

/** balie's variables plus every channel's; a channel may not take a name that is already used. */
function envSchemaWith(modules: readonly ChannelModule[]) {
  const shape: Record<string, z.ZodType> = { ...envSchema.shape };
  for (const module of modules) {
    for (const [key, variable] of Object.entries(module.env)) {
      if (key in shape) throw new BalieError('CONFIG_INVALID', `the ${module.id} channel declares ${key}, which is already taken; give the variable a name of its own`);
      shape[key] = variable.schema;
    }
  }
  return z.object(shape);
}

/** What every channel module's adapter may use from the rest of the configuration. */
export function channelSite(config: Config): ChannelSite {
  return { publicUrl: config.publicUrl?.replace(/\/+$/, ''), adminToken: config.adminToken, redisPrefix: config.redisPrefix };
}

/** The keys an FAQ entry's `channels:` may use: one per channel, variants share theirs. */
export function faqChannelKeys(modules: readonly ChannelModule[]): string[] {
  return [...new Set(modules.map((m) => m.faqKey))];
}

/** Loads and checks everything; throws one ConfigError listing every problem found. */
export function loadConfig(env: Record<string, string | undefined>, options: LoadOptions = {}): Config {
  const problems: ConfigProblem[] = [];
  const collect = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
      return undefined;
    }
  };

  const modules = options.channels ?? channelModules;
  const schema = envSchemaWith(modules);
  const fixes: Record<string, string | undefined> = { ...ENV_FIXES, ...Object.fromEntries(modules.flatMap((m) => Object.entries(m.env).map(([key, v]) => [key, v.fix]))) };
  const parsedEnv = schema.safeParse(env);
  if (!parsedEnv.success) {
    for (const issue of parsedEnv.error.issues) {
      const key = formatPath(issue.path);
      problems.push({ source: 'env', key, problem: `${issue.message} (got ${JSON.stringify(env[key] ?? null)})`, fix: fixes[key] ?? `correct or unset ${key}` });
    }
  }
  const all: Record<string, unknown> = parsedEnv.success ? parsedEnv.data : schema.parse({});
  const e = all as z.output<typeof envSchema>;
  const channels: ConfiguredChannel[] = [];
  for (const module of modules) {
    const report = (key: string, problem: string, fix: string) => problems.push({ source: 'env', key, problem, fix });
    const own = Object.fromEntries(Object.keys(module.env).map((key) => [key, all[key]])) as ParsedEnv<ChannelEnv>;
    const settings = module.settings(own, report);
    if (settings !== undefined) channels.push({ module, settings });
  }
  const redisKinds = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((k) => e[k]);
  if (redisKinds.length > 1) {
    problems.push({ source: 'env', key: redisKinds.join(', '), problem: 'name more than one Redis; balie talks to one (a single server, a cluster or a Sentinel-managed master)', fix: `keep one of ${redisKinds.join(' and ')} and unset the other` });
  }
  if (e.REDIS_SENTINELS && !e.REDIS_SENTINEL_MASTER) {
    problems.push({ source: 'env', key: 'REDIS_SENTINEL_MASTER', problem: 'is missing while REDIS_SENTINELS is set; the sentinels need the name of the master to find', fix: 'set it to the name in your sentinel.conf (`sentinel monitor <name> ...`), e.g. REDIS_SENTINEL_MASTER=mymaster' });
  }
  if (e.REDIS_URL && (e.REDIS_USERNAME || e.REDIS_PASSWORD)) {
    problems.push({ source: 'env', key: 'REDIS_PASSWORD', problem: 'is for REDIS_CLUSTER_NODES and REDIS_SENTINELS; with REDIS_URL the credentials go in the URL', fix: 'use REDIS_URL=redis://user:password@host:6379 and unset REDIS_USERNAME and REDIS_PASSWORD' });
  }

  const configDir = resolve(e.BALIE_CONFIG_DIR);
  if (!existsSync(configDir)) {
    problems.push({ source: 'env', key: 'BALIE_CONFIG_DIR', problem: `the folder ${configDir} does not exist`, fix: 'point BALIE_CONFIG_DIR at the folder with balie.yaml, or unset it to use ./config' });
    throw new ConfigError(problems);
  }
  const file = collect(() => readYamlFile(join(configDir, 'balie.yaml'), 'balie.yaml', balieFileSchema));
  const agentsPath = join(configDir, 'agents.yaml');
  const agents = existsSync(agentsPath) ? collect(() => readYamlFile(agentsPath, 'agents.yaml', agentsFileSchema))?.agents : [];
  const faq = collect(() => loadFaqDir(configDir, { channels: faqChannelKeys(modules) }));

  const agentTokens = agents ? collect(() => loadAgentTokens(e.BALIE_AGENT_TOKENS, e.BALIE_AGENT_TOKENS_FILE, agents)) : undefined;

  if (problems.length || !file || !agents || !faq || !agentTokens) throw new ConfigError(problems);

  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    redis: redisTarget(e),
    redisPrefix: e.BALIE_REDIS_PREFIX,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    configDir,
    publicUrl: e.PUBLIC_URL,
    bot: file.bot,
    faqThreshold: file.faq.threshold,
    dialogs: file.dialogs,
    webchat: { ...file.webchat, secret: settingsOf(channels, webchatChannel)?.secret },
    stateTtlMs: file.state.ttlDays * 24 * 3600 * 1000,
    dedupeTtlSeconds: file.dedupe.ttlHours * 3600,
    backlog: file.backlog,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    inboxLeaseMs: e.INBOX_LEASE_SECONDS * 1000,
    limits: file.limits,
    handoff: {
      offerTimeoutMs: file.handoff.offerTimeoutSeconds * 1000,
      preferPreviousMs: file.handoff.preferPreviousSeconds * 1000,
      customerIdleMs: file.handoff.customerIdleMinutes * 60_000,
      agentIdleMs: file.handoff.agentIdleMinutes * 60_000,
      afterNotUnderstood: file.handoff.afterNotUnderstood,
      complaintScore: file.handoff.complaintScore,
      vipCustomers: file.handoff.vipCustomers,
    },
    agents,
    faq,
    channelModules: modules,
    channels,
    adminToken: e.BALIE_ADMIN_TOKEN,
    agentTokens,
  };
}

/**
 * Just the config folder, for the FAQ tools (`check:faq`, `eval:faq`): they need no secrets, ports
 * or Redis, but must look where balie itself would look (BALIE_CONFIG_DIR, else ./config).
 */
export function configDirOf(env: Record<string, string | undefined>): string {
  const parsed = envSchema.shape.BALIE_CONFIG_DIR.safeParse(env.BALIE_CONFIG_DIR);
  const configDir = resolve(parsed.success ? parsed.data : './config');
  if (!parsed.success || !existsSync(configDir)) {
    throw new ConfigError([{ source: 'env', key: 'BALIE_CONFIG_DIR', problem: `the folder ${configDir} does not exist`, fix: 'point BALIE_CONFIG_DIR at the folder with the faq.<language>.yaml files, or unset it to use ./config' }]);
  }
  return configDir;
}

function redisTarget(e: z.output<typeof envSchema>): RedisTarget | undefined {
  const auth = { username: e.REDIS_USERNAME, password: e.REDIS_PASSWORD, tls: e.REDIS_TLS };
  if (e.REDIS_URL) return { kind: 'single', url: e.REDIS_URL };
  if (e.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: e.REDIS_CLUSTER_NODES, ...auth };
  if (e.REDIS_SENTINELS && e.REDIS_SENTINEL_MASTER) return { kind: 'sentinel', sentinels: e.REDIS_SENTINELS, master: e.REDIS_SENTINEL_MASTER, ...auth };
  return undefined;
}

const tokensFileSchema = z.record(z.string(), z.string().refine((t) => /^sha256:[0-9a-f]{64}$/.test(t) || t.length >= 16, 'must be a token of at least 16 characters, or sha256:<64 hex digits>'));

/** Agents' desk tokens from env or a secrets file, kept only as SHA-256 hashes. */
function loadAgentTokens(inline: string | undefined, file: string | undefined, agents: AgentConfig[]): { agentId: string; sha256: string }[] {
  const pairs: [string, string, string][] = [];
  if (inline) for (const part of inline.split(',')) {
    const [id, ...rest] = part.trim().split('=');
    pairs.push([id!, rest.join('='), 'BALIE_AGENT_TOKENS']);
  }
  if (file) {
    const path = resolve(file);
    if (!existsSync(path)) throw new ConfigError([{ source: 'env', key: 'BALIE_AGENT_TOKENS_FILE', problem: `the file ${path} does not exist`, fix: 'point it at a YAML file of `agentId: token` lines, or unset it' }]);
    for (const [id, token] of Object.entries(readYamlFile(path, 'agent tokens file', tokensFileSchema))) pairs.push([id, token, 'BALIE_AGENT_TOKENS_FILE']);
  }
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  const tokens = pairs.map(([agentId, token, key]) => {
    if (!agents.some((a) => a.id === agentId)) problems.push({ source: 'env', key, problem: `names "${agentId}", who is not in agents.yaml`, fix: `use one of: ${agents.map((a) => a.id).join(', ')}` });
    if (seen.has(agentId)) problems.push({ source: 'env', key, problem: `gives "${agentId}" more than one token`, fix: 'give each agent one token' });
    seen.add(agentId);
    const sha256 = token.startsWith('sha256:') ? token.slice(7) : createHash('sha256').update(token).digest('hex');
    return { agentId, sha256 };
  });
  if (problems.length) throw new ConfigError(problems);
  return tokens;
}
