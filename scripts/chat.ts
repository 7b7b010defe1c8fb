/**
 * Talk to the bot in a terminal, in-process, through the same app as `npm start`:
 *   npm run chat -- --lang en --channel telegram
 * See `npm run chat -- --help` and docs/dialogs.md.
 */
import { join } from 'node:path';
import pretty from 'pino-pretty';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';
import { createLogger } from '../src/core/logger.js';
import { packageRoot } from '../src/core/paths.js';
import { runAgentMode } from './chat/agent.js';
import { createCustomerSink, runCustomer } from './chat/customer.js';
import { parseOptions, USAGE, type ChatOptions } from './chat/options.js';
import type { Button } from './chat/render.js';
import { ReplAdapter } from './chat/repl-adapter.js';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let options: ChatOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.stdout.isTTY === true, process.env);
  } catch (err) {
    fail(`npm run chat: ${(err as Error).message}`, 2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let config;
  try {
    // Quieter than `npm start`: warnings and errors only, unless LOG_LEVEL says otherwise.
    config = loadConfig({ BALIE_CONFIG_DIR: join(packageRoot(), 'config'), LOG_LEVEL: 'warn', ...process.env });
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : String(err), 1);
  }
  // Logs go to stderr, so the conversation on stdout stays readable (and scriptable).
  const logger = createLogger({
    level: config.logLevel,
    destination: pretty({ destination: 2, colorize: options.color, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' }),
  });

  const buttons: { current: Button[] } = { current: [] };
  const io = { input: process.stdin, output: process.stdout };
  const adapter = new ReplAdapter(
    `${options.channel}-repl`,
    createCustomerSink(options, io, (b) => (buttons.current = b)),
  );
  // The agent's terminal is not a customer channel: agents' replies must go to the customer's process.
  const app = await createApp(config, { logger, adapters: options.agent ? [] : [adapter], platformAdapters: false });
  try {
    if (options.lang && !app.t.has(options.lang)) {
      throw new Error(`--lang ${options.lang}: there is no locales/${options.lang}.yaml; languages: ${app.t.languages.join(', ')}`);
    }
    await app.start();
    if (options.agent) {
      process.exitCode = await runAgentMode(app, options.agent, io, options.color);
      return;
    }
    await runCustomer(app, adapter, options, io, buttons);
  } catch (err) {
    process.stderr.write(`npm run chat: ${(err as Error).message}\n`);
    process.exitCode = 2;
  } finally {
    await app.stop();
  }
}

void main();
