import { forwardDecision, MAX_HINT_SECONDS } from '@max/core/ingress';
import { describe, expect, it } from 'vitest';

const base = { baseSeconds: 5, capSeconds: 30, now: new Date('2026-11-23T09:00:00Z') };
const d = (status: number | 'timeout' | 'network', o: Record<string, unknown> = {}) =>
  forwardDecision({ ...base, status, attempts: 1, ...o });

describe('forwardDecision: what the queue consumer does with the agent answer', () => {
  it('acks 200 and any other 2xx except 202', () => {
    expect(d(200)).toEqual({ action: 'ack' });
    expect(d(204)).toEqual({ action: 'ack' });
  });

  it('202 defers for Retry-After (seconds or HTTP date), not a failure; the base without one', () => {
    expect(d(202, { retryAfter: '7' })).toEqual({ action: 'defer', delaySeconds: 7 });
    expect(d(202, { retryAfter: 'Mon, 23 Nov 2026 09:01:00 GMT' })).toEqual({
      action: 'defer',
      delaySeconds: 60,
    });
    expect(d(202)).toEqual({ action: 'defer', delaySeconds: 5 });
    expect(d(202, { retryAfter: '0' })).toEqual({ action: 'defer', delaySeconds: 1 });
    // The delivery count does not matter for a defer: the agent is busy with it, not failing.
    expect(d(202, { retryAfter: '7', attempts: 19 })).toEqual({ action: 'defer', delaySeconds: 7 });
  });

  it('a message deferred maxDeferrals times is dead-lettered (a loop, not a wait)', () => {
    expect(d(202, { deferrals: 499 })).toMatchObject({ action: 'defer' });
    expect(d(202, { deferrals: 500 })).toEqual({ action: 'dead_letter', reason: 'deferred_too_often' });
    expect(d(202, { deferrals: 3, maxDeferrals: 3 })).toEqual({
      action: 'dead_letter',
      reason: 'deferred_too_often',
    });
  });

  it('a Retry-After beyond MAX_HINT_SECONDS is taken as that bound', () => {
    expect(d(202, { retryAfter: '999999' })).toEqual({ action: 'defer', delaySeconds: MAX_HINT_SECONDS });
    expect(d(503, { retryAfter: '999999' })).toEqual({ action: 'retry', delaySeconds: MAX_HINT_SECONDS });
  });

  it('503 / 504 / 429 / 408 retry after max(backoff, Retry-After)', () => {
    for (const s of [503, 504, 429, 408]) {
      expect(d(s)).toEqual({ action: 'retry', delaySeconds: 5 });
      expect(d(s, { retryAfter: '45' })).toEqual({ action: 'retry', delaySeconds: 45 });
      // The backoff wins when it is longer than what the agent asked.
      expect(d(s, { retryAfter: '2', attempts: 3 })).toEqual({ action: 'retry', delaySeconds: 20 });
    }
  });

  it('401 / 403 (the Worker and the agent disagree on a secret) are retried, never dropped', () => {
    expect(d(401)).toEqual({ action: 'retry', delaySeconds: 5 });
    expect(d(403, { attempts: 20 })).toEqual({ action: 'retry', delaySeconds: 30 });
  });

  it('any other 4xx is dead-lettered now, with the status as the reason', () => {
    expect(d(400)).toEqual({ action: 'dead_letter', reason: 'agent_400' });
    expect(d(404)).toEqual({ action: 'dead_letter', reason: 'agent_404' });
    expect(d(422, { attempts: 7 })).toEqual({ action: 'dead_letter', reason: 'agent_422' });
  });

  it('timeouts, network errors and 5xx back off exponentially from the base, capped', () => {
    expect([1, 2, 3, 4, 5, 20].map((attempts) => d(500, { attempts }))).toEqual(
      [5, 10, 20, 30, 30, 30].map((delaySeconds) => ({ action: 'retry', delaySeconds })),
    );
    expect(d('timeout', { attempts: 2 })).toEqual({ action: 'retry', delaySeconds: 10 });
    expect(d('network')).toEqual({ action: 'retry', delaySeconds: 5 });
    expect(forwardDecision({ status: 502, attempts: 1000 })).toEqual({ action: 'retry', delaySeconds: 30 });
  });

  it('an unreadable Retry-After is ignored', () => {
    expect(d(503, { retryAfter: 'soon' })).toEqual({ action: 'retry', delaySeconds: 5 });
    expect(d(202, { retryAfter: '' })).toEqual({ action: 'defer', delaySeconds: 5 });
  });

  it('defaults: base 5 s, cap 30 s (the queue settings in wrangler.toml)', () => {
    expect(forwardDecision({ status: 503, attempts: 1 })).toEqual({ action: 'retry', delaySeconds: 5 });
    expect(forwardDecision({ status: 503, attempts: 9 })).toEqual({ action: 'retry', delaySeconds: 30 });
  });
});
