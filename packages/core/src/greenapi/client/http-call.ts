import type { Clock, FetchLike } from '../../shared/clock.ts';
import { type Delivery, failedBeforeSending } from '../../shared/delivery.ts';
import { AppError, describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { withRetries } from '../../shared/retry-loop.ts';

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
  /**
   * False for calls with an effect that must not happen twice (sendMessage): they are retried only
   * when the failure proves the request did nothing (429, no connection), never after a timeout,
   * a reset connection or a 5xx. Default true (reads, settings).
   */
  idempotent?: boolean;
  /** Statuses besides 2xx that `read` handles itself (redirects, "not found" answers). */
  accept?: (status: number) => boolean;
}

/** The status Green-API answers when the plan's monthly quota is used up. */
export const QUOTA_EXHAUSTED = 466;

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}

/**
 * What a status says about delivery: any 4xx (429 and 466 included) was refused, nothing done;
 * a 5xx may come after Green-API queued the message, so it proves nothing.
 */
const deliveryOf = (status: number): Delivery => (status >= 400 && status < 500 ? 'not_sent' : 'unknown');

function errorForStatus(method: string, status: number): AppError {
  const details = { status, delivery: deliveryOf(status) };
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
  const delivery: Delivery = failedBeforeSending(e) ? 'not_sent' : 'unknown';
  return timedOut
    ? new AppError('timeout', `Green-API ${method} timed out`, {
        retryable: true,
        cause,
        details: { kind: 'timeout', delivery },
      })
    : new AppError('unavailable', `Green-API ${method} unreachable`, {
        retryable: true,
        cause,
        details: { kind: 'network', delivery },
      });
}

/**
 * One Green-API call: bounded attempts with backoff (shared/retry-loop.ts, Retry-After honoured) on 429,
 * 5xx, network errors and timeouts — for a non-idempotent call only when nothing was sent — and
 * exactly one log line (method, final status, attempts, duration, statuses seen).
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
  return withRetries<T>(
    {
      clock: ctx.clock,
      attempts: ctx.attempts,
      baseMs: ctx.baseDelayMs,
      maxMs: ctx.maxDelayMs,
      random: ctx.random,
      capMs: ctx.maxDelayMs * 2,
      idempotent: spec.idempotent !== false,
      giveUp: (err) => {
        finish('warn', { ...describeError(err), delivery: err.details?.delivery });
        return err;
      },
    },
    async (n) => {
      attempt = n;
      let res: Response;
      try {
        res = await ctx.fetch(spec.url, { ...spec.init, signal: AbortSignal.timeout(ctx.timeoutMs) });
      } catch (e) {
        const error = errorForThrown(spec.method, e, ctx.secrets);
        lastStatus = 0;
        statuses.push(error.code);
        return { ok: false, error };
      }
      lastStatus = res.status;
      statuses.push(res.status);
      if (res.ok || spec.accept?.(res.status)) {
        try {
          const value = await spec.read(res);
          finish('info', {});
          return { ok: true, value };
        } catch (e) {
          // A 200 whose body cannot be read is not retried: the call may have taken effect.
          const err =
            e instanceof AppError
              ? e
              : new AppError('upstream', `Green-API ${spec.method}: unreadable answer`, {
                  retryable: false,
                  cause: new Error(scrub(String((e as Error)?.message ?? e), ctx.secrets)),
                  // Outside the protocol: not an outage (see crm/espo/answers.ts).
                  details: {
                    kind: 'bad_answer',
                    service: 'greenapi',
                    method: spec.method,
                    status: res.status,
                    delivery: 'unknown',
                  },
                });
          finish('warn', describeError(err));
          throw err;
        }
      }
      await res.body?.cancel().catch(() => undefined);
      // Retry-After only means something on a 429; a 5xx's hint is ignored like its body.
      const retryAfter = res.status === 429 ? res.headers.get('retry-after') : null;
      return { ok: false, error: errorForStatus(spec.method, res.status), retryAfter };
    },
  );
}
