import type { ChaosHarness } from './harness.ts';
import type { Probe } from './probes.ts';
import type { Tally } from './tally.ts';

/** Recovery must take at most this long after a fault clears (issue 12). */
export const RECOVERY_LIMIT_MS = 60_000;

/** How long after a fault clears the run waits for its messages to settle: the limit, and some. */
export const SETTLE_MARGIN_MS = RECOVERY_LIMIT_MS + 20_000;

/** What a scenario leaves for counting once its fault and its messages are done. */
export interface ScenarioRun {
  probes: Probe[];
  /** When the fault cleared (ms), or how to tell once the messages have settled. */
  faultClearedAt: number | (() => Promise<number>);
  /** Wait for the messages to settle until then (default: fault cleared + SETTLE_MARGIN_MS). */
  settleBy?: number;
  /** Replies in the scenario's chats that are expected besides the answers (a rate notice). */
  notices?: RegExp[];
  /** Checks of its own (e.g. the notice says what really happens): failure reasons. */
  check?: (t: Tally) => string[];
  /** What the fault did (connections reset, requests faulted, rows in flight), for the report. */
  fault: Record<string, unknown>;
}

export interface Scenario {
  n: number;
  /** Short, for the printed line. */
  name: string;
  /** Whether it may run at the same time as the other `parallel` ones (no shared fault). */
  parallel?: boolean;
  run(h: ChaosHarness): Promise<ScenarioRun>;
}

/** Spreads `count` sends evenly over `spanMs`, `send(i)` each; resolves when all are sent. */
export async function paced(
  count: number,
  spanMs: number,
  send: (i: number) => Promise<void>,
): Promise<void> {
  const start = Date.now();
  const gap = count > 1 ? spanMs / (count - 1) : 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + i * gap - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(i));
  }
  await Promise.all(inFlight);
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
