import type { ChaosHarness } from './harness.ts';
import type { Probe } from './probes.ts';
import type { Tally } from './tally.ts';

/** Recovery must take at most this long after a fault clears (issue 12). */
export const RECOVERY_LIMIT_MS = 60_000;

/** How long after a fault clears the run waits for its messages to settle: the limit, and some. */
export const SETTLE_MARGIN_MS = RECOVERY_LIMIT_MS + 20_000;

/**
 * One fault of a scenario and how many times it was applied to work in flight (a kill with replies
 * being sent, a cut with statements sent and unanswered, an answer actually lost…). A fault applied
 * to nothing proves nothing: the scenario fails when any of its faults was never applied.
 */
export interface FaultProof {
  fault: string;
  applied: number;
  /** What "applied" counted, for the report. */
  detail?: string;
}

/** The reasons a scenario fails on its faults: each must have been applied at least once. */
export const proofReasons = (proofs: FaultProof[]): string[] =>
  proofs.filter((p) => !(p.applied >= 1)).map((p) => `fault "${p.fault}" never applied to work in flight`);

/** What a scenario leaves for counting once its fault and its messages are done. */
export interface ScenarioRun {
  probes: Probe[];
  /** When the fault cleared (ms), or how to tell once the messages have settled. */
  faultClearedAt: number | (() => Promise<number>);
  /** Wait for the messages to settle until then (default: fault cleared + SETTLE_MARGIN_MS). */
  settleBy?: number;
  /** Replies in the scenario's chats that are expected besides the answers (a rate notice). */
  notices?: RegExp[];
  /** Checks of its own (e.g. the notice says what really happens, read once settled): failure reasons. */
  check?: (t: Tally) => string[] | Promise<string[]>;
  /** Figures of its own for the report (the long run's rate and latencies). */
  figures?: () => Promise<Record<string, unknown>>;
  /** What the fault did (connections reset, requests faulted, rows in flight), for the report. */
  fault: Record<string, unknown>;
  /** Each fault, and proof that it met work in flight (read once the messages settled, when a function). */
  proofs: FaultProof[] | (() => Promise<FaultProof[]>);
  /**
   * WhatsApp order per chat, counted and failed otherwise: 'processed' (the turns), 'answered'
   * (the turns and the first replies).
   */
  order?: 'processed' | 'answered';
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
