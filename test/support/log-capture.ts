import { createLogger, type Logger } from '../../src/core/logger.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real logger whose lines a test can read and wait for (pino levels: 30 info, 40 warn, 50 error). */
export interface CapturedLog {
  logger: Logger;
  lines: LogLine[];
  /** Resolves with the first line, past or future, that matches. */
  waitFor(match: (line: LogLine) => boolean): Promise<LogLine>;
}

export function captureLog(level = 'info'): CapturedLog {
  const lines: LogLine[] = [];
  const waiting: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  const logger = createLogger({
    level,
    destination: {
      write(chunk: string) {
        const line = JSON.parse(chunk) as LogLine;
        lines.push(line);
        for (const w of [...waiting]) {
          if (w.match(line)) {
            waiting.splice(waiting.indexOf(w), 1);
            w.resolve(line);
          }
        }
      },
    },
  });
  return {
    logger,
    lines,
    waitFor(match) {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
}
