import type { Locale } from './tenant.ts';

/** A turn's changes to what MAX remembers: the tenant's memory, and the sender's own facts. */
export interface MemoryChanges {
  set: Record<string, string>;
  delete: string[];
  /** whatsapp_senders columns of the turn's sender (absent: unchanged; null: cleared). */
  sender?: { chatId: string; name?: string | null; language?: Locale | null } | null;
  /**
   * The tenant memory these changes were decided from: the commit writes them only if the memory
   * is still exactly this (else it returns the current memory and the turn decides again).
   */
  basedOn?: Record<string, string>;
}
