import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bindings } from '../src/env.ts';
import worker from '../src/index.ts';
import { deliveries, received, receivedUntil, tickDelivered } from './agent-received.ts';
import { SCHEDULED_DUE } from './agent-stand-in.ts';

/**
 * The scheduler's cron, live in workerd: the scheduled event asks the agent (signed) for a
 * schedule_tick, puts each due item it answers on the real queue, and the queue's consumer
 * delivers each to the agent as a `scheduled` job (retried when the agent fails). The every-minute
 * cron runs the scheduler only; the 10-minute one runs the backstop and health checks too.
 */
describe('the scheduler cron in workerd', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });
  afterEach(() => vi.restoreAllMocks());

  async function fire(cron: string) {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ cron, scheduledTime: Date.now() }),
      env as unknown as Bindings,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    vi.restoreAllMocks();
    return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  it('every minute: one signed tick, each due item queued and delivered to the agent, a failed one retried', async () => {
    const logs = await fire('* * * * *');
    const asked = (await received()).filter((r) => r.kind !== 'scheduled');
    expect(asked.map((r) => [r.kind, r.verified])).toEqual([['schedule_tick', true]]);
    expect(logs.find((l) => l.event === 'schedule')).toMatchObject({ level: 'info', status: 200, due: 2 });
    expect(logs.find((l) => l.event === 'schedule.queued')).toMatchObject({ queued: 2 });
    const got = await receivedUntil(tickDelivered);
    const items = deliveries(got);
    expect(items.every((d) => d.verified)).toBe(true);
    expect(items.filter((d) => d.itemId === SCHEDULED_DUE[0]!.itemId).map((d) => d.tenantId)).toEqual([
      'acme',
    ]);
    // The one the agent failed (503) came back from the queue: its second delivery is attempt 2.
    expect(
      items.filter((d) => d.itemId === SCHEDULED_DUE[1]!.itemId).map((d) => [d.tenantId, d.attempt]),
    ).toEqual([
      ['globex', '1'],
      ['globex', '2'],
    ]);
  });

  it('every 10 minutes: the scheduler, the backstop and the health checks, each asked once', async () => {
    await fire('*/10 * * * *');
    const kinds = (await received()).filter((r) => r.kind !== 'scheduled').map((r) => r.kind);
    expect(kinds.sort()).toEqual(['backstop', 'health', 'schedule_tick']);
    // Its due items reach the agent too (the failed one once more); waited for here, so no delivery
    // of this firing lands in the next test.
    const got = await receivedUntil(tickDelivered);
    expect(new Set(deliveries(got).map((d) => d.itemId))).toEqual(
      new Set(SCHEDULED_DUE.map((d) => d.itemId)),
    );
  });

  it('an agent that fails the tick is logged as schedule.failed, and nothing is queued', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    const ctx = createExecutionContext();
    await fetch('http://agent.test/__reset');
    await worker.scheduled(
      createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }),
      { ...(env as unknown as Bindings), AGENT_URL: 'http://agent.test/functions/v1/agent/down' },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    vi.restoreAllMocks();
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.filter((l) => String(l.event).startsWith('schedule'))).toEqual([
      expect.objectContaining({ level: 'error', event: 'schedule.failed', status: 500 }),
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(deliveries(await received())).toEqual([]);
  });
});
