import { resolve } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { Stores } from '../../src/core/stores.js';
import { createLogger } from '../../src/core/logger.js';
import { startBalie, type RunningBalie, type StartOptions } from '../../src/main.js';

export const DEFAULT_CONFIG_DIR = resolve(import.meta.dirname, '../../config');

/**
 * The default config for tests: any free port on loopback, silent logs, memory stores, and no
 * sampled "Did this help?" (a test that wants it sets `listening.feedback`).
 */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  const config = loadConfig({ BALIE_CONFIG_DIR: DEFAULT_CONFIG_DIR, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  return { ...config, listening: { ...config.listening, feedback: 'off' } };
}

export interface TestBalieOptions extends Partial<Omit<StartOptions, 'env'>> {
  env?: Record<string, string | undefined>;
  stores?: Stores;
}

/** balie running in this process on a free port, as `npm start` would run it. */
export async function startTestBalie(options: TestBalieOptions = {}): Promise<RunningBalie> {
  const config = options.config ?? testConfig(options.env);
  return startBalie({ ...options, env: {}, config, logger: options.logger ?? createLogger({ level: 'silent' }) });
}
