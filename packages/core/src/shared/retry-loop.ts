import type { Clock } from './clock.ts';
import type { AppError } from './errors.ts';
import { type BackoffOptions, nextDelayMs } from './retry.ts';

/** One attempt's result: the value, or the failure with the server's Retry-After when it sent one. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: AppError; retryAfter?: string | null };

export interface RetryPolicy extends BackoffOptions {
  clock: Clock;
  /** Attempts in all, the first included. */
  attempts: number;
  /**
   * True when the call may be replayed after any retryable failure (reads, PUT, DELETE). A call
   * with an effect that must not happen twice is replayed only when the failure proves it never
   * left (`details.delivery === 'not_sent'`): a lost answer may hide a success.
   */
  idempotent: boolean;
  /** The longest wait a Retry-After may impose. */
  capMs: number;
  /** What is thrown when the loop stops (the caller logs and marks the error here). */
  giveUp?: (error: AppError, attempt: number) => AppError;
}

/**
 * The one retry loop of the outbound HTTP clients (EspoCRM, Green-API): runs `attempt(n)` until it
 * succeeds or its failure is final (not retryable, not replayable, or the last attempt), sleeping
 * the shared backoff between attempts (a longer Retry-After wins, up to capMs). An exception that
 * `attempt` throws is final and passes through untouched.
 */
export async function withRetries<T>(
  p: RetryPolicy,
  attempt: (n: number) => Promise<Attempt<T>>,
): Promise<T> {
  for (let n = 1; ; n++) {
    const r = await attempt(n);
    if (r.ok) return r.value;
    const { error } = r;
    const replayable = p.idempotent || error.details?.delivery === 'not_sent';
    if (!error.retryable || !replayable || n >= p.attempts) throw p.giveUp ? p.giveUp(error, n) : error;
    await p.clock.sleep(
      nextDelayMs(n, {
        baseMs: p.baseMs,
        maxMs: p.maxMs,
        random: p.random,
        retryAfter: r.retryAfter ?? null,
        now: p.clock.now(),
        capMs: p.capMs,
      }),
    );
  }
}
