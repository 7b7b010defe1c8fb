import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

/**
 * Bolt, its WebClient and the Socket Mode client log through this, so their lines land in balie's
 * pino log with its privacy rules. Bolt's own chatter (request bodies, socket frames) is debug;
 * the libraries never pass tokens in their messages (the WebClient redacts them).
 */
export function boltLogger(logger: Logger): BoltLogger {
  const line = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts: unknown[]) => logger.debug(line(parts)),
    info: (...parts: unknown[]) => logger.info(line(parts)),
    warn: (...parts: unknown[]) => logger.warn(line(parts)),
    error: (...parts: unknown[]) => logger.error(line(parts)),
    // The level is balie's (LOG_LEVEL); the libraries may ask for it but not change it.
    setLevel: () => {},
    getLevel: () => levelOf(logger.level),
    setName: () => {},
  };
}

function levelOf(pinoLevel: string): LogLevel {
  switch (pinoLevel) {
    case 'trace':
    case 'debug':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}
