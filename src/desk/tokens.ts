import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { AgentConfig } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { SharedValues } from '../core/storage/kv.js';

/** Which agent a desk token belongs to; only SHA-256 hashes of the tokens are held. */
export interface TokenBook {
  /** The agent whose token this is, compared in constant time; undefined for a wrong token. */
  agentFor(token: string): string | undefined;
  readonly configured: boolean;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

export function createTokenBook(tokens: { agentId: string; sha256: string }[]): TokenBook {
  const hashes = tokens.map((t) => ({ agentId: t.agentId, hash: Buffer.from(t.sha256, 'hex') }));
  return {
    configured: hashes.length > 0,
    agentFor(token) {
      const hash = sha256(token);
      let found: string | undefined;
      // Every entry is compared, so the answer's timing says nothing about which agent came close.
      for (const entry of hashes) if (entry.hash.length === hash.length && timingSafeEqual(entry.hash, hash)) found = entry.agentId;
      return found;
    },
  };
}

// Letters only: a demo token never looks like a phone number or a secret to the log's masking.
const demoToken = () => Array.from({ length: 32 }, () => 'abcdefghijkmnopqrstuvwxyz'[randomInt(25)]).join('');

/**
 * Development without configured tokens: one demo token per agent, kept in the shared store so
 * every process (and, on Redis, every restart) agrees, printed at start so a developer can sign in.
 */
export async function demoTokens(agents: AgentConfig[], shared: SharedValues, logger: Logger): Promise<{ agentId: string; sha256: string }[]> {
  const tokens: { agentId: string; sha256: string }[] = [];
  for (const agent of agents) {
    const token = await shared.getOrCreate(`desk-demo-token:${agent.id}`, demoToken);
    logger.info(`desk sign-in for ${agent.name} (${agent.id}): ${token}`);
    tokens.push({ agentId: agent.id, sha256: sha256(token).toString('hex') });
  }
  logger.info('these demo tokens are for development only; set BALIE_AGENT_TOKENS or BALIE_AGENT_TOKENS_FILE for real agents (see docs/agents.md)');
  return tokens;
}
