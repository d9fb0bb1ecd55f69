import type { ChaosHarness } from '../harness.ts';
import type { Probe } from '../probes.ts';

/** The rate notice (render/messages.ts slowDown): it promises that every message will be handled. */
export const RATE_NOTICE = /je les traite tous|I will handle all of them/;

export interface Start {
  startedAt: number;
  receivedAt: number;
  /** Ran inside another message's turn (its start is that turn's). */
  merged: boolean;
}

/**
 * When the chat's rate let its last turn start: a message may start once fewer than `perMinute`
 * messages of the chat started in the minute before (what max_begin_turn counts). For the last
 * turn's own message, that is a minute after the (k − perMinute)-th of the k starts before it, or
 * its arrival if it never had to wait. Recovery is counted from there (or from the last send):
 * the rate's own delay is what it promises, not a fault.
 */
export function rateClearedAt(starts: Start[], perMinute: number, lastSentAt: number): number {
  const turns = starts.filter((s) => !s.merged);
  if (!turns.length) return lastSentAt;
  const last = turns.reduce((a, b) => (b.startedAt > a.startedAt ? b : a));
  const before = starts
    .map((s) => s.startedAt)
    .filter((t) => t < last.startedAt)
    .sort((a, b) => a - b);
  const eligible =
    before.length >= perMinute
      ? Math.max(last.receivedAt, before[before.length - perMinute]! + 60_000)
      : last.receivedAt;
  return Math.max(lastSentAt, eligible);
}

/** rateClearedAt from the database, once the scenario's messages have settled. */
export async function chatRateClearedAt(
  h: ChaosHarness,
  probes: Probe[],
  perMinute: number,
): Promise<number> {
  return rateClearedAt(await h.starts(probes), perMinute, Math.max(...probes.map((p) => p.sentAt ?? 0)));
}
