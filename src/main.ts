import { pathToFileURL } from 'node:url';
import type { Server } from 'restify';
import { createApp, type App, type AppDeps } from './app.js';
import { loadConfig, type Config } from './config.js';
import { BalieError, ConfigError } from './core/errors.js';
import { createLogger, type Logger } from './core/logger.js';
import { createHttpServer } from './server.js';

export interface RunningBalie {
  app: App;
  server: Server;
  /** e.g. http://127.0.0.1:3978 */
  url: string;
  /** Graceful: stop listening, drain turns (finish or hand back), close connections. */
  stop(): Promise<void>;
}

export interface StartOptions extends Partial<AppDeps> {
  env: Record<string, string | undefined>;
  /** Pretty logs for people at a terminal, JSON for machines. */
  prettyLogs?: boolean;
  /** Use this config instead of loading one from env (tests). */
  config?: Config;
}

/** Loads config, builds the app, listens. Throws ConfigError on bad configuration. */
export async function startBalie(options: StartOptions): Promise<RunningBalie> {
  const config = options.config ?? loadConfig(options.env);
  const logger: Logger = options.logger ?? createLogger({ level: config.logLevel, pretty: options.prettyLogs });
  const app = await createApp(config, { ...options, logger });
  const server = createHttpServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await app.stop().catch(() => undefined);
    throw new BalieError('LISTEN_FAILED', `cannot listen on ${config.host}:${config.port}: ${(err as Error).message}. Fix: stop what uses that port or set PORT to another one.`, {
      cause: err,
    });
  }
  try {
    await app.start();
  } catch (err) {
    // Do not leave a half-started balie behind: close the port and the stores.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.stop().catch(() => undefined);
    throw err;
  }
  const address = server.address();
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, stores: app.stores.kind, channels: app.adapters.map((a) => a.channelId) }, `balie is up: open ${url} to chat with the bot`);

  let stopping: Promise<void> | undefined;
  return {
    app,
    server,
    url,
    stop() {
      stopping ??= (async () => {
        // Stop accepting first; open SSE streams are ended by the web chat adapter's stop().
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await app.stop();
        server.server.closeAllConnections?.();
        await closed;
      })();
      return stopping;
    },
  };
}

/**
 * SIGTERM or SIGINT: stop (Ingress.drain: no new turn from the backlog, running turns finished or
 * handed back within SHUTDOWN_GRACE_SECONDS), then exit 0; exit 1 if stopping fails or takes more
 * than the grace plus 10 s. The app logs one line saying what it did.
 */
export function stopOnSignals(running: RunningBalie, exit: (code: number) => void = (code) => process.exit(code)): void {
  const { app } = running;
  const shutdown = (signal: string) => {
    app.logger.info({ signal }, 'shutting down: no new turns; running turns are finished or handed back');
    // Turns get the configured grace; closing connections and channels gets 10 s more.
    const limitMs = (app.config.shutdownGraceSeconds + 10) * 1000;
    const force = setTimeout(() => {
      app.logger.error({ code: 'SHUTDOWN_TIMEOUT' }, `shutdown took longer than ${limitMs / 1000} s; exiting anyway`);
      app.logger.flush?.();
      exit(1);
    }, limitMs);
    force.unref();
    running.stop().then(
      () => {
        app.logger.flush?.();
        exit(0);
      },
      (err: unknown) => {
        app.logger.error({ err, code: 'SHUTDOWN_FAILED' }, 'error while shutting down');
        app.logger.flush?.();
        exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** The `npm start` entry point: exit 1 with a clear message on bad config; SIGTERM drains. */
async function main(): Promise<void> {
  let running: RunningBalie;
  try {
    running = await startBalie({ env: process.env, prettyLogs: process.stdout.isTTY });
  } catch (err) {
    // Config problems are for people: print the message plainly, without a stack trace.
    process.stderr.write(`${err instanceof ConfigError ? err.message : `balie failed to start: ${(err as Error).message}`}\n`);
    process.exit(1);
  }
  stopOnSignals(running);
  process.on('unhandledRejection', (reason) => running.app.logger.error({ err: reason, code: 'UNHANDLED_REJECTION' }, 'a promise was rejected and nobody handled it'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
