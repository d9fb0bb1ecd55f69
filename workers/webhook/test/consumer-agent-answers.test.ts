import { beforeEach, describe, expect, it, vi } from 'vitest';
import { uid } from './helpers.ts';
import { consume, queued, receivedHere } from './queue-consume.ts';

describe('queue consumer → agent (the contract of core queue/agent-answer.ts)', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });

  it('a 2xx is acked; the agent receives a body signed with AGENT_SHARED_SECRET and the delivery count', async () => {
    const id = uid('OK');
    const r = await consume([queued(id)], 'inbound', { attempts: 3 });
    expect(r.explicitAcks).toEqual(['m0']);
    expect(r.retryMessages).toEqual([]);
    expect(r.requeued).toEqual([]);
    expect(r.deadLettered).toEqual([]);
    expect(await receivedHere()).toEqual([
      { idMessage: id, kind: 'inbound', verified: true, requestId: `req-${id}`, attempt: '3' },
    ]);
  });

  it('202 + Retry-After defers: a copy is re-queued after Retry-After with deferrals + 1, this one acked', async () => {
    const id = uid('AGENT202');
    const r = await consume([queued(id, { deferrals: 2 })], 'inbound', { attempts: 4 });
    expect(r.explicitAcks).toEqual(['m0']);
    expect(r.retryMessages).toEqual([]);
    expect(r.deadLettered).toEqual([]);
    expect(r.requeued).toEqual([
      {
        body: expect.objectContaining({ requestId: `req-${id}`, kind: 'inbound', deferrals: 3 }),
        options: { contentType: 'json', delaySeconds: 7 },
      },
    ]);
    expect((r.requeued[0]!.body.event as { idMessage: string }).idMessage).toBe(id);
  });

  it('a defer whose re-queue fails is retried, never acked', async () => {
    const r = await consume([queued(uid('AGENT202'))], 'inbound', { failInbound: true });
    expect(r.explicitAcks).toEqual([]);
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(r.delays).toEqual({ m0: 7 });
  });

  it('a message deferred 500 times is dead-lettered (a loop, not a wait)', async () => {
    const r = await consume([queued(uid('AGENT202'), { deferrals: 500 })]);
    expect(r.requeued).toEqual([]);
    expect(r.deadLettered.map((d) => d.body.deadReason)).toEqual(['deferred_too_often']);
    expect(r.explicitAcks).toEqual(['m0']);
  });

  it('a 401 (Worker and agent disagree on AGENT_SHARED_SECRET) is retried, not acked as permanent', async () => {
    const r = await consume([queued(uid('AGENT401'))]);
    expect(r.explicitAcks).toEqual([]);
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(r.deadLettered).toEqual([]);
    expect(r.delays).toEqual({ m0: 5 });
  });

  it('a signature the agent refuses for real (wrong secret) is retried, not dropped', async () => {
    const r = await consume([queued(uid('OK'))], 'inbound', {
      env: { AGENT_SHARED_SECRET: 'another-shared-secret-0123456789abcdef-xyz' },
    });
    expect(await receivedHere()).toEqual([expect.objectContaining({ verified: false })]);
    expect(r.explicitAcks).toEqual([]);
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
  });

  it('any other 4xx is dead-lettered at once with its reason, then acked', async () => {
    const a = uid('AGENT400');
    const b = uid('AGENT404');
    const r = await consume([queued(a), queued(b)]);
    expect(r.explicitAcks.sort()).toEqual(['m0', 'm1']);
    expect(r.retryMessages).toEqual([]);
    expect(
      r.deadLettered.map((d) => [(d.body.event as { idMessage: string }).idMessage, d.body.deadReason]),
    ).toEqual(
      expect.arrayContaining([
        [a, 'agent_400'],
        [b, 'agent_404'],
      ]),
    );
    expect(r.deadLettered.every((d) => d.options?.contentType === 'json')).toBe(true);
  });

  it('a dead letter that cannot be handed over is retried, never acked', async () => {
    const r = await consume([queued(uid('AGENT400'))], 'inbound', { failDead: true });
    expect(r.explicitAcks).toEqual([]);
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
  });

  it('a 503 is retried with backoff 5, 10, 20, then capped at 30 s (RETRY_BASE_SECONDS / RETRY_CAP_SECONDS)', async () => {
    const delays = [];
    for (const attempts of [1, 2, 3, 4, 12]) {
      const r = await consume([queued(uid('AGENT503'))], 'inbound', { attempts });
      expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
      expect(r.explicitAcks).toEqual([]);
      delays.push(r.delays.m0);
    }
    expect(delays).toEqual([5, 10, 20, 30, 30]);
  });

  it('a 503 with Retry-After waits what the agent asks when that is longer than the backoff', async () => {
    const r = await consume([queued(uid('AGENT503RA'))]);
    expect(r.delays).toEqual({ m0: 45 });
  });

  it('an unreachable agent (network error) and a timeout are retried', async () => {
    const net = await consume([queued(uid('NET'))], 'inbound', {
      env: { AGENT_URL: 'http://unreachable.test/agent' },
    });
    expect(net.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(net.delays).toEqual({ m0: 5 });
    const hang = await consume([queued(uid('AGENTHANG'))]);
    expect(hang.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(hang.explicitAcks).toEqual([]);
  });

  it('a body that does not match the queue schema is acked with an error line, not retried forever', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    try {
      const r = await consume([{ v: 2, nonsense: true }, 'garbage']);
      expect(r.explicitAcks.sort()).toEqual(['m0', 'm1']);
    } finally {
      spy.mockRestore();
    }
    expect(await receivedHere()).toEqual([]);
    const events = lines.map((l) => JSON.parse(l) as { event: string; level: string });
    expect(events.filter((e) => e.event === 'consumer.invalid_message' && e.level === 'error')).toHaveLength(
      2,
    );
  });

  it('a misconfigured consumer (no AGENT_SHARED_SECRET) sends nothing and retries the batch later', async () => {
    const r = await consume([queued(uid('CFG')), queued(uid('CFG'))], 'inbound', {
      env: { AGENT_SHARED_SECRET: undefined },
    });
    expect(r.retryBatch).toEqual({ retry: true });
    expect(r.explicitAcks).toEqual([]);
    expect(await receivedHere()).toEqual([]);
  });
});
