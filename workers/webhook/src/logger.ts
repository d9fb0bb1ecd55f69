import { createJsonLogger, type Logger, type LogLevel } from '@max/core/shared';

const loggers = new Map<LogLevel, Logger>();

/** One logger per level and isolate: requests take children of it, never build their own. */
export function workerLogger(level: LogLevel = 'info'): Logger {
  let log = loggers.get(level);
  if (!log) {
    log = createJsonLogger({
      write: (line) => console.log(line),
      now: () => new Date(),
      level,
      base: { service: 'webhook' },
    });
    loggers.set(level, log);
  }
  return log;
}
