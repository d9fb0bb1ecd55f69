import type { FaultLayer } from '@max/sandbox';
import { sleep } from '../harness.ts';

/**
 * Waits until a count-limited fault rule was applied `count` times (it is then spent: the fault
 * has cleared), or `timeoutMs`; returns when that was and how often it applied.
 */
export async function waitSpent(faults: FaultLayer, id: string, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (faults.applied(id) < count && Date.now() < deadline) await sleep(100);
  return { at: Date.now(), applied: faults.applied(id) };
}
