import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/shared/clock.ts';
import { AppError } from '../../src/shared/errors.ts';
import { type Attempt, type RetryPolicy, withRetries } from '../../src/shared/retry-loop.ts';

const fakeClock = () => {
  const slept: number[] = [];
  let t = Date.parse('2026-12-01T10:00:00Z');
  const clock: Clock = {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
  return { clock, slept };
};

const policy = (clock: Clock, o: Partial<RetryPolicy> = {}): RetryPolicy => ({
  clock,
  attempts: 3,
  idempotent: true,
  baseMs: 100,
  maxMs: 1000,
  capMs: 5000,
  random: () => 0,
  ...o,
});

const fail = (delivery: 'not_sent' | 'unknown', retryable = true): Attempt<string> => ({
  ok: false,
  error: new AppError('unavailable', 'down', { retryable, details: { delivery } }),
});

describe('the retry loop of the HTTP clients', () => {
  it('retries a retryable failure with backoff and returns the first success', async () => {
    const { clock, slept } = fakeClock();
    const seen: number[] = [];
    const value = await withRetries(policy(clock), async (n) => {
      seen.push(n);
      return n < 3 ? fail('unknown') : { ok: true, value: 'done' };
    });
    expect(value).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    expect(slept).toEqual([50, 100]);
  });

  it('stops at the last attempt and throws what giveUp makes of the error', async () => {
    const { clock } = fakeClock();
    const given: number[] = [];
    const run = withRetries(
      policy(clock, {
        giveUp: (e, n) => {
          given.push(n);
          return new AppError('timeout', `gave up: ${e.message}`);
        },
      }),
      async () => fail('unknown'),
    );
    await expect(run).rejects.toThrow('gave up: down');
    expect(given).toEqual([3]);
  });

  it('never replays a call with an effect after a failure that may have arrived', async () => {
    const { clock } = fakeClock();
    let calls = 0;
    const run = withRetries(policy(clock, { idempotent: false }), async () => {
      calls++;
      return fail('unknown');
    });
    await expect(run).rejects.toThrow('down');
    expect(calls).toBe(1);
  });

  it('replays a call with an effect when the failure proves it never left', async () => {
    const { clock } = fakeClock();
    let calls = 0;
    const run = withRetries(policy(clock, { idempotent: false }), async () => {
      calls++;
      return fail('not_sent');
    });
    await expect(run).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('does not retry a failure that is not retryable', async () => {
    const { clock } = fakeClock();
    let calls = 0;
    await expect(
      withRetries(policy(clock), async () => {
        calls++;
        return fail('not_sent', false);
      }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('waits for a longer Retry-After, but never past the cap', async () => {
    const { clock, slept } = fakeClock();
    const hinted = (retryAfter: string): Attempt<string> =>
      ({ ...fail('not_sent'), retryAfter }) as Attempt<string>;
    await expect(
      withRetries(policy(clock, { capMs: 4000 }), async (n) => hinted(n === 1 ? '2' : '60')),
    ).rejects.toThrow();
    expect(slept).toEqual([2000, 4000]);
  });

  it('lets an exception thrown by an attempt through untouched, without retrying', async () => {
    const { clock } = fakeClock();
    let calls = 0;
    const boom = new Error('unreadable answer');
    await expect(
      withRetries(policy(clock), async () => {
        calls++;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(calls).toBe(1);
  });
});
