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
  /**
   * Characters of the block the model sees (≈ 300 tokens once quoted, well under the ~600 allowed):
   * the profile, defaults and goals fit; long notes are left out (the recall tool shows them), so a
   * command's prompt stays within the bench's 2,800 tokens with the memory full.
   */
  blockChars: 1000,
  /** Characters of one value inside that block. */
  blockValueChars: 140,
  /** Characters of a sender's preferred name. */
  nameChars: 60,
} as const;
