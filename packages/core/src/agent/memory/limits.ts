/**
 * Bounds of a tenant's memory. The tools check them and answer clearly; the database enforces the
 * entry count and the value size too (supabase/migrations/20261201120000_tenant_memory.sql), so a
 * bug or a direct write cannot grow it past them.
 */
export const MEMORY_LIMITS = {
  /** Entries per tenant. */
  entries: 50,
  /** Characters per value. */
  valueChars: 500,
  /** Characters of the block the model sees (≈ 500 tokens once quoted); the rest is left out. */
  blockChars: 1800,
  /** Characters of one value inside that block. */
  blockValueChars: 200,
  /** Characters of a sender's preferred name. */
  nameChars: 60,
} as const;
