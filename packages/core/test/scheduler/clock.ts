import type { Clock, PipelineDeps } from '../../src/index.ts';
import { handleInbound, signInternal } from '../../src/index.ts';
import { AGENT_SECRET } from '../agent/pipeline/harness.ts';

/** A clock the test moves: now() reads it, sleep() waits a real moment (nothing here sleeps long). */
export function manualClock(start: string) {
  let t = new Date(start).getTime();
  const clock: Clock = {
    now: () => new Date(t),
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))),
  };
  return {
    clock,
    set: (iso: string) => {
      t = new Date(iso).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** A job as the Worker sends it to the agent (signed), through the real dispatcher. */
export async function job(deps: PipelineDeps, body: Record<string, unknown>) {
  const text = JSON.stringify({ v: 1, requestId: `${String(body.kind)}-${crypto.randomUUID()}`, ...body });
  // Signed at the agent's time (the signature's window is read on its clock).
  const headers = new Headers(await signInternal(AGENT_SECRET, text, deps.clock.now()));
  return handleInbound(deps, { headers, body: text });
}

/** The cron's scheduler run, then every due item it handed out delivered as the queue would. */
export async function cron(deps: PipelineDeps) {
  const tick = await job(deps, { kind: 'schedule_tick', limit: 200 });
  const due = (tick.body.due ?? []) as Array<{ tenantId: string; itemId: string; kind: string }>;
  const runs = [];
  for (const d of due)
    runs.push(await job(deps, { kind: 'scheduled', tenantId: d.tenantId, itemId: d.itemId }));
  return { tick, due, runs };
}
