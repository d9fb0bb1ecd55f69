/** An item to enqueue: once per (tenant, dedupeKey), whoever enqueues it and however often. */
export interface ItemSpec {
  kind: string;
  dedupeKey: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
  /** What it is about (`Task:<id>`): with `replaces`, open items of the same kind and subject under another key are cancelled. */
  subject?: string;
  /** For whom: a team member's chat. */
  chatId?: string;
  replaces?: boolean;
}

/** An item as its attempt claimed it. */
export interface ClaimedItem {
  id: string;
  tenantId: string;
  kind: string;
  dedupeKey: string;
  subject: string | null;
  chatId: string | null;
  payload: Record<string, unknown>;
  dueAt: string;
  attempts: number;
}

/** A message the item sends (to the outbox, in the transaction that finishes the item). */
export interface ScheduledMessage {
  chatId: string;
  body: string;
}

/** What a kind's handler decides. A thrown AppError: retryable → tried again, else failed. */
export type HandlerResult =
  | {
      outcome: 'done';
      messages?: ScheduledMessage[];
      /** Counts and flags for the item's row and its audit line (never message text). */
      result?: Record<string, string | number | boolean>;
      /** Items enqueued in the same transaction (the next occurrence, reminders a sweep found). */
      schedule?: ItemSpec[];
    }
  /** Not now: run again at `dueAt` (pacing, a cap reached, quiet hours). */
  | { outcome: 'later'; dueAt: Date; reason: string };
