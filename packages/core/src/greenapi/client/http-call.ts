import type { Clock, FetchLike } from '../../shared/clock.ts';
import { AppError, describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { backoffDelay, retryAfterMs } from './backoff.ts';

export interface CallContext {
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  /** Attempts per call, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  /** Strings scrubbed from any error text that leaves this module (the API token). */
  secrets: string[];
}

export interface CallSpec<T> {
  /** What is logged: the Green-API method name, never the URL (it carries the token). */
  method: string;
  url: string;
  init: RequestInit;
  read: (res: Response) => Promise<T>;
  /** Extra, non-sensitive fields for the call's log line. */
  logFields?: Record<string, unknown>;
}

/** The status Green-API answers when the plan's monthly quota is used up. */
export const QUOTA_EXHAUSTED = 466;

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}

function errorForStatus(method: string, status: number): AppError {
  const details = { status };
  if (status === QUOTA_EXHAUSTED)
    return new AppError('rate_limited', 'Green-API quota exhausted', {
      retryable: false,
      details: { ...details, kind: 'quota' },
    });
  if (status === 429)
    return new AppError('rate_limited', `Green-API ${method} rate limited`, {
      retryable: true,
      details: { ...details, kind: 'rate' },
    });
  if (status >= 500)
    return new AppError('unavailable', `Green-API ${method} answered ${status}`, {
      retryable: true,
      details,
    });
  if (status === 401 || status === 403)
    return new AppError('unauthorized', `Green-API refused the instance credentials (${status})`, {
      retryable: false,
      details,
    });
  if (status === 404) return new AppError('not_found', `Green-API ${method}: not found`, { details });
  if (status === 413)
    return new AppError('payload_too_large', `Green-API ${method}: payload too large`, { details });
  return new AppError('bad_request', `Green-API ${method} answered ${status}`, { retryable: false, details });
}

/** A thrown fetch error as an AppError whose text and cause cannot carry the token. */
function errorForThrown(method: string, e: unknown, secrets: string[]): AppError {
  const name = (e as Error)?.name;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  const cause = new Error(scrub(String((e as Error)?.message ?? e), secrets));
  cause.name = typeof name === 'string' ? name : 'Error';
  return timedOut
    ? new AppError('timeout', `Green-API ${method} timed out`, { retryable: true, cause })
    : new AppError('unavailable', `Green-API ${method} unreachable`, { retryable: true, cause });
}

/**
 * One Green-API call: bounded attempts with backoff on 429, 5xx, network errors and timeouts,
 * and exactly one log line (method, final status, attempts, duration, statuses seen).
 */
export async function callGreenApi<T>(ctx: CallContext, spec: CallSpec<T>): Promise<T> {
  const started = ctx.clock.now().getTime();
  const statuses: Array<number | string> = [];
  let attempt = 0;
  let lastStatus = 0;
  const finish = (level: 'info' | 'warn', extra: Record<string, unknown>) =>
    ctx.logger[level]('greenapi.call', {
      method: spec.method,
      status: lastStatus,
      attempt,
      durationMs: ctx.clock.now().getTime() - started,
      statuses,
      ...spec.logFields,
      ...extra,
    });

  const backoff = { baseMs: ctx.baseDelayMs, maxMs: ctx.maxDelayMs, random: ctx.random };
  for (;;) {
    attempt++;
    let res: Response;
    try {
      res = await ctx.fetch(spec.url, { ...spec.init, signal: AbortSignal.timeout(ctx.timeoutMs) });
    } catch (e) {
      const err = errorForThrown(spec.method, e, ctx.secrets);
      lastStatus = 0;
      statuses.push(err.code);
      if (attempt >= ctx.attempts) {
        finish('warn', describeError(err));
        throw err;
      }
      await ctx.clock.sleep(backoffDelay(attempt, backoff));
      continue;
    }
    lastStatus = res.status;
    statuses.push(res.status);
    if (res.ok) {
      try {
        const value = await spec.read(res);
        finish('info', {});
        return value;
      } catch (e) {
        // A 200 whose body cannot be read is not retried: the call may have taken effect.
        const err =
          e instanceof AppError
            ? e
            : new AppError('upstream', `Green-API ${spec.method}: unreadable answer`, {
                retryable: false,
                cause: new Error(scrub(String((e as Error)?.message ?? e), ctx.secrets)),
              });
        finish('warn', describeError(err));
        throw err;
      }
    }
    await res.body?.cancel().catch(() => undefined);
    const err = errorForStatus(spec.method, res.status);
    if (!err.retryable || attempt >= ctx.attempts) {
      finish('warn', describeError(err));
      throw err;
    }
    const hinted = res.status === 429 ? retryAfterMs(res.headers.get('retry-after'), ctx.clock.now()) : null;
    const delay =
      hinted === null
        ? backoffDelay(attempt, backoff)
        : Math.min(hinted, ctx.maxDelayMs * 2) + ctx.random() * 50;
    await ctx.clock.sleep(delay);
  }
}
