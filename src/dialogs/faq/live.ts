import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { ConfigError } from '../../core/errors.js';
import { checkFaq } from './check.js';
import { FAQ_FILE_NAME, loadFaqDir } from './load.js';
import { createFaqMatcher } from './matcher.js';
import { applyOverlay } from './overlay.js';
import type { FaqTeaching } from '../../core/listening/types.js';
import type { FaqFile, FaqMatcher } from './types.js';

export interface LiveFaqOptions {
  files: FaqFile[];
  configDir: string;
  /** The channels' answer keys, checked again on every reload. */
  channels?: readonly string[];
  threshold?: number;
  logger: Logger;
  /** Reload the FAQ when a `faq.<lang>.yaml` changes (development); production restarts instead. */
  watch: boolean;
  /** Editors save in bursts (write, rename, chmod): wait this long after the last event. */
  debounceMs?: number;
}

/** The FAQ the bot answers from, which a developer can edit while balie runs. */
export interface LiveFaq {
  /** Always answers from the latest FAQ that loaded without errors. */
  readonly matcher: FaqMatcher;
  /** Logs what `npm run check:faq` would report, and starts watching when asked to. */
  start(): void;
  /** Reads the FAQ files again; keeps the current FAQ when they have errors. True when swapped. */
  reload(): boolean;
  stop(): void;
  /** True while the config folder is watched. */
  readonly watching: boolean;
  /** Answers from the files with these teachings from the desk on top (src/dialogs/faq/overlay.ts), at once. */
  setOverlay(teachings: readonly FaqTeaching[]): void;
  /** The FAQ files as loaded, without the overlay. */
  files(): FaqFile[];
}

export function createLiveFaq(options: LiveFaqOptions): LiveFaq {
  const { logger, configDir } = options;
  let files = options.files;
  let overlay: readonly FaqTeaching[] = [];
  const build = (from: FaqFile[]) => createFaqMatcher(overlay.length ? applyOverlay(from, overlay) : from, { threshold: options.threshold });
  let current = build(files);
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;

  // One object for the Bot's whole life; only what it delegates to changes, in one assignment.
  const matcher: FaqMatcher = {
    match: (text, language) => current.match(text, language),
    languages: () => current.languages(),
    bestLanguage: (text) => current.bestLanguage(text),
  };

  const warnProblems = (loaded: FaqFile[], candidate: FaqMatcher) => {
    // The check runs every question through the matcher; skip it when nobody would see the result.
    if (!logger.isLevelEnabled('warn')) return;
    const problems = checkFaq(overlay.length ? applyOverlay(loaded, overlay) : loaded, candidate);
    // Errors make the bot answer wrongly: each is logged. Warnings (it could answer more often) are
    // counted, not listed: `npm run check:faq` lists them.
    for (const p of problems.filter((x) => x.severity === 'error')) {
      logger.warn({ file: p.file, line: p.line, id: p.id, kind: p.kind }, `${p.file}:${p.line} ${p.kind}: ${p.message}`);
    }
    const warnings = problems.filter((x) => x.severity === 'warning').length;
    if (warnings) logger.info({ warnings }, `the FAQ has ${warnings} suggestion${warnings === 1 ? '' : 's'} to be recognised more often: run npm run check:faq`);
  };

  const reload = (): boolean => {
    let loaded: FaqFile[];
    try {
      loaded = loadFaqDir(configDir, { channels: options.channels });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const p of err.problems) {
        logger.error(
          { file: p.source, line: p.line, key: p.key, code: err.code },
          `${p.line ? `${p.source}:${p.line}` : p.source} ${p.key}: ${p.problem} (fix: ${p.fix}); the bot keeps answering from the FAQ as it was`,
        );
      }
      return false;
    }
    const next = build(loaded);
    warnProblems(loaded, next);
    current = next;
    files = loaded;
    logger.info({ files: loaded.map((f) => f.file), entries: loaded.reduce((n, f) => n + f.entries.length, 0) }, 'FAQ reloaded');
    return true;
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      try {
        reload();
      } catch (err) {
        logger.error({ err }, 'FAQ reload failed; the bot keeps answering from the FAQ as it was');
      }
    }, options.debounceMs ?? 150);
    timer.unref();
  };

  return {
    matcher,
    reload,
    files: () => files,
    setOverlay(teachings) {
      overlay = [...teachings];
      current = build(files);
      logger.info({ taught: overlay.length }, 'FAQ rebuilt with what was taught from the desk');
    },
    get watching() {
      return watcher !== undefined;
    },
    start() {
      // After start-up rather than during it: the check runs every FAQ question through the
      // matcher (~0.1 s), and readiness does not depend on its warnings.
      const initial = current;
      setImmediate(() => {
        if (current === initial) warnProblems(files, initial);
      }).unref();
      if (!options.watch || watcher) return;
      try {
        watcher = watch(configDir, { persistent: false }, (_event, name) => {
          // Some platforms do not say which file changed: reload to be safe.
          if (!name || FAQ_FILE_NAME.test(name.toString())) schedule();
        });
        watcher.on('error', (err) => {
          logger.warn({ err }, 'stopped watching the FAQ files; restart balie to pick up FAQ changes');
          watcher?.close();
          watcher = undefined;
        });
        logger.debug({ configDir }, 'watching the FAQ files: edits are picked up without a restart');
      } catch (err) {
        logger.warn({ err, configDir }, 'cannot watch the FAQ files; restart balie to pick up FAQ changes');
      }
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      watcher?.close();
      watcher = undefined;
    },
  };
}
