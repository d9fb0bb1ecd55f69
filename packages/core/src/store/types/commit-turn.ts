import type { AuditEntry } from './audit.ts';
import type { MemoryChanges } from './memory.ts';
import type { OutboxInput, OutboxRow } from './outbox.ts';
import type { Session } from './session.ts';
import type { TurnRef } from './turn-ref.ts';

/** A turn's end: its commit (or failed attempt) and what the store answers. */
export interface CommitTurnInput extends TurnRef {
  status: 'done' | 'ignored';
  /** What the turn ended as (answered, unknown_sender, paused…). */
  outcome: string;
  error?: string | null;
  /** Messages of a burst handled in this turn: marked done, pointing at this one. */
  merged: string[];
  audit: AuditEntry[];
  session: Session | null;
  pendingCreate?: { key: string; tool: string; args: unknown; argsDigest: string; ttlMs: number } | null;
  pendingResolve?: { id: string; resolution: 'confirmed' | 'cancelled' } | null;
  optOut?: { chatId: string; value: boolean } | null;
  memory?: MemoryChanges | null;
  outbox: OutboxInput[];
}

export type CommitTurnResult =
  | { kind: 'committed'; outbox: OutboxRow[] }
  /** Nothing was written: the tenant memory changed since the turn read it; here it is now. */
  | { kind: 'memory_conflict'; memory: Record<string, string> };

export interface FailAttemptResult {
  /** False: the attempt no longer held the message (nothing changed). */
  held: boolean;
  /** The sender's notice, taken for sending (empty when none was due). */
  outbox: OutboxRow[];
}
