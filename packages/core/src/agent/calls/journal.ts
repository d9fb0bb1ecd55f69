import { AppError, describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Store } from '../../store/port.ts';
import type { StoredToolResult, TurnRef } from '../../store/types.ts';

/**
 * What a turn's tools and model decisions have already done, per call index. A retry of a message
 * reuses stored results instead of calling the CRM or the model again; where nothing was stored
 * (the attempt died, or the answer was lost), a write may still have been applied, so the CRM is
 * looked at before writing again (see guarded-crm.ts).
 */
export interface ToolJournal {
  /** A result an earlier attempt stored at this index. */
  reuse(index: number): StoredToolResult | undefined;
  /** True when a write at this index may already have been applied by an earlier attempt. */
  mayHaveApplied(index: number): boolean;
  /** Stores a result (fenced by the attempt: throws AppError 'conflict' when another attempt took over). */
  record(r: StoredToolResult): Promise<void>;
  /** The earliest moment a write of this message can have been made (the probe window starts here). */
  readonly since: Date;
}

export interface JournalOptions {
  store: Store;
  turn: TurnRef;
  stored: StoredToolResult[];
  leaseMs: number;
  /** When the message was received (a write of this message cannot be older). */
  since: Date;
}

export function createJournal(o: JournalOptions): ToolJournal {
  const byIndex = new Map(o.stored.map((r) => [r.callIndex, r]));
  return {
    since: o.since,
    reuse(index) {
      const r = byIndex.get(index);
      return r && r.state !== 'unknown' ? r : undefined;
    },
    mayHaveApplied(index) {
      const r = byIndex.get(index);
      if (r) return r.state === 'unknown';
      // A first attempt cannot have written anything; a later one may have been cut off mid-call.
      return o.turn.attempt > 1;
    },
    async record(r) {
      const held = await o.store.putToolResult(o.turn, r, o.leaseMs);
      if (!held)
        throw new AppError('conflict', 'Another attempt holds this message', {
          retryable: false,
          details: { kind: 'lease_lost' },
        });
      byIndex.set(r.callIndex, r);
    },
  };
}

/** A journal that stores nothing: for callers outside a turn (benchmarks of the agent alone). */
export function memoryJournal(since = new Date(0)): ToolJournal {
  const byIndex = new Map<number, StoredToolResult>();
  return {
    since,
    reuse: (i) => byIndex.get(i),
    mayHaveApplied: () => false,
    async record(r) {
      byIndex.set(r.callIndex, r);
    },
  };
}

/** The write may have reached the CRM: say so durably, so the retry looks before writing again. */
export async function recordUnknown(
  journal: ToolJournal,
  logger: Logger,
  tool: string,
  digest: string,
  index: number,
): Promise<void> {
  try {
    await journal.record({
      callIndex: index,
      tool,
      argsDigest: digest,
      ok: false,
      result: null,
      state: 'unknown',
    });
  } catch (e) {
    // The database may be what failed; the retry will look before writing anyway (attempt > 1).
    logger.warn('tool.unknown_not_recorded', { tool, ...describeError(e) });
  }
}
