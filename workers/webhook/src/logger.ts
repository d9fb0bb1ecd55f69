import { createJsonLogger, type Logger, type LogLevel } from '@max/core';

export const workerLogger = (level: LogLevel = 'info'): Logger =>
  createJsonLogger({
    write: (line) => console.log(line),
    now: () => new Date(),
    level,
    base: { service: 'webhook' },
  });
