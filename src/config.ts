import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { channelModules } from './adapters/index.js';
import { agentsFileSchema, balieFileSchema, loadAgentTokens, type AgentConfig, type HandoffSkills } from './config-files.js';
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

const redisNodes = z.string().transform((v, ctx) => {
  const { nodes, bad } = parseRedisNodes(v);
  if (bad.length || !nodes.length) {
    ctx.addIssue({
      code: 'custom',
      message: `must list nodes as host:port separated by commas (e.g. 10.0.0.1:7000,10.0.0.2:7000)${bad.length ? `; not host:port: ${bad.join(', ')}` : ''}`,
    });
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
  BALIE_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]*$/, 'may only use letters, digits, ":", "_" and "-"')
    .default('balie:'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  BALIE_CONFIG_DIR: z.string().min(1).default('./config'),
  NODE_ENV: z.string().default('development'),
  PUBLIC_URL: optional(httpUrl),
  BALIE_ADMIN_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
  BALIE_AGENT_TOKENS: optional(
    z.string().regex(/^\s*[a-z0-9][a-z0-9_-]*=\S{16,}(\s*,\s*[a-z0-9][a-z0-9_-]*=\S{16,})*\s*$/, 'must look like sanne=<token>,bram=<token>, each token at least 16 characters'),
  ),
  BALIE_AGENT_TOKENS_FILE: optional(z.string().min(1)),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number({ error: 'must be a number' }).min(0, 'must be 0 or more').max(300, 'must be at most 300').default(10),
  INBOX_LEASE_SECONDS: z.coerce.number({ error: 'must be a number' }).min(1, 'must be at least 1').max(300, 'must be at most 300').default(15),
});

const ENV_FIXES: Record<string, string> = {
  PORT: 'set PORT to a free TCP port, e.g. PORT=3978',
  REDIS_URL: 'set REDIS_URL=redis://127.0.0.1:6379 (or unset it to run on in-memory stores)',
  REDIS_CLUSTER_NODES: "list a few of the cluster's nodes, e.g. REDIS_CLUSTER_NODES=10.0.0.1:7000,10.0.0.2:7000 (the rest are found from them)",
  REDIS_SENTINELS: 'list the sentinels, e.g. REDIS_SENTINELS=10.0.0.1:26379,10.0.0.2:26379, and name the master in REDIS_SENTINEL_MASTER',
  LOG_LEVEL: 'set LOG_LEVEL=info (or debug to see message text while developing)',
  BALIE_ADMIN_TOKEN: 'use e.g. `openssl rand -hex 24`',
  BALIE_AGENT_TOKENS: 'give each agent a token of their own, e.g. `sanne=$(openssl rand -hex 24)`, or use BALIE_AGENT_TOKENS_FILE',
};

export { agentSchema, type AgentConfig } from './config-files.js';

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
  listening: z.output<typeof balieFileSchema>['listening'];
  webchat: z.output<typeof balieFileSchema>['webchat'] & { secret?: string };
  stateTtlMs: number;
  dedupeTtlSeconds: number;
  limits: z.output<typeof balieFileSchema>['limits'];
  backlog: z.output<typeof balieFileSchema>['backlog'];
  sendLimits: z.output<typeof balieFileSchema>['sendLimits'];
  handoff: {
    offerTimeoutMs: number;
    preferPreviousMs: number;
    customerIdleMs: number;
    agentIdleMs: number;
    unansweredAfterMs: number;
    afterNotUnderstood: number;
    complaintScore: number;
    vipCustomers: string[];
    skills: HandoffSkills;
    timeZone?: string;
  };
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
    problems.push({
      source: 'env',
      key: redisKinds.join(', '),
      problem: 'name more than one Redis; balie talks to one (a single server, a cluster or a Sentinel-managed master)',
      fix: `keep one of ${redisKinds.join(' and ')} and unset the other`,
    });
  }
  if (e.REDIS_SENTINELS && !e.REDIS_SENTINEL_MASTER) {
    problems.push({
      source: 'env',
      key: 'REDIS_SENTINEL_MASTER',
      problem: 'is missing while REDIS_SENTINELS is set; the sentinels need the name of the master to find',
      fix: 'set it to the name in your sentinel.conf (`sentinel monitor <name> ...`), e.g. REDIS_SENTINEL_MASTER=mymaster',
    });
  }
  if (e.REDIS_URL && (e.REDIS_USERNAME || e.REDIS_PASSWORD)) {
    problems.push({
      source: 'env',
      key: 'REDIS_PASSWORD',
      problem: 'is for REDIS_CLUSTER_NODES and REDIS_SENTINELS; with REDIS_URL the credentials go in the URL',
      fix: 'use REDIS_URL=redis://user:password@host:6379 and unset REDIS_USERNAME and REDIS_PASSWORD',
    });
  }

  const configDir = resolve(e.BALIE_CONFIG_DIR);
  if (!existsSync(configDir)) {
    problems.push({
      source: 'env',
      key: 'BALIE_CONFIG_DIR',
      problem: `the folder ${configDir} does not exist`,
      fix: 'point BALIE_CONFIG_DIR at the folder with balie.yaml, or unset it to use ./config',
    });
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
    listening: file.listening,
    webchat: { ...file.webchat, secret: settingsOf(channels, webchatChannel)?.secret },
    stateTtlMs: file.state.ttlDays * 24 * 3600 * 1000,
    dedupeTtlSeconds: file.dedupe.ttlHours * 3600,
    backlog: file.backlog,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    inboxLeaseMs: e.INBOX_LEASE_SECONDS * 1000,
    limits: file.limits,
    sendLimits: file.sendLimits,
    handoff: {
      offerTimeoutMs: file.handoff.offerTimeoutSeconds * 1000,
      preferPreviousMs: file.handoff.preferPreviousSeconds * 1000,
      customerIdleMs: file.handoff.customerIdleMinutes * 60_000,
      agentIdleMs: file.handoff.agentIdleMinutes * 60_000,
      unansweredAfterMs: file.handoff.unansweredAfterMinutes * 60_000,
      afterNotUnderstood: file.handoff.afterNotUnderstood,
      complaintScore: file.handoff.complaintScore,
      vipCustomers: file.handoff.vipCustomers,
      skills: file.handoff.skills,
      timeZone: file.handoff.timeZone,
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
    throw new ConfigError([
      {
        source: 'env',
        key: 'BALIE_CONFIG_DIR',
        problem: `the folder ${configDir} does not exist`,
        fix: 'point BALIE_CONFIG_DIR at the folder with the faq.<language>.yaml files, or unset it to use ./config',
      },
    ]);
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
