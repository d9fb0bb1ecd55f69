/**
 * Structured logs: one JSON line per event. Context (requestId, tenantId, …) is carried by
 * child loggers from the webhook through the queue to the CRM call. Callers must not put message
 * text, phone numbers, prompts or secrets in fields; `redact` is the last line of defence.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const sensitiveKey =
  /(text|message|body|prompt|phone|chatid|sender|token|secret|password|apikey|authorization)$/i;

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    // Ids and counts about those things are fine (idMessage, messageCount): only the raw values are not.
    out[k] = sensitiveKey.test(k) && typeof v === 'string' ? '[redacted]' : v;
  }
  return out;
}

export interface JsonLoggerOptions {
  write: (line: string) => void;
  now: () => Date;
  level?: LogLevel;
  base?: LogFields;
}

export function createJsonLogger(opts: JsonLoggerOptions): Logger {
  const min = levelRank[opts.level ?? 'info'];
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, event: string, fields?: LogFields) => {
      if (levelRank[level] < min) return;
      const line = { ts: opts.now().toISOString(), level, event, ...base, ...(fields ? redact(fields) : {}) };
      opts.write(JSON.stringify(line));
    };
    return {
      debug: (e, f) => emit('debug', e, f),
      info: (e, f) => emit('info', e, f),
      warn: (e, f) => emit('warn', e, f),
      error: (e, f) => emit('error', e, f),
      child: (fields) => make({ ...base, ...redact(fields) }),
    };
  };
  return make(opts.base ?? {});
}

/** A logger that keeps lines in memory: for tests that assert on what was (not) logged. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ write: (l) => lines.push(JSON.parse(l)), now: () => new Date(), level });
  return Object.assign(logger, { lines });
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
