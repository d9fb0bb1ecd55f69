import { sha256Hex } from '../shared/crypto.ts';

/**
 * Operator keys: `mxop_<12 hex id>_<43 base64url characters>` (256 random bits). The id finds the
 * key, the database holds only the SHA-256 of the whole key. The Worker checks the format and sends
 * the agent the id and the hash, never the key itself.
 */
export const OPERATOR_KEY_PATTERN = /^mxop_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface PresentedKey {
  id: string;
  hash: string;
}

/** The key in an `Authorization: Bearer …` header, as id and hash; null when absent or malformed. */
export async function presentedKey(authorization: string | null | undefined): Promise<PresentedKey | null> {
  const raw = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const m = raw?.match(OPERATOR_KEY_PATTERN);
  if (!raw || !m) return null;
  return { id: m[1]!, hash: await sha256Hex(raw) };
}
