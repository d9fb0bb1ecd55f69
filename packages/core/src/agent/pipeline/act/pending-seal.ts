import { hmacSha256, timingSafeEqual, toHex } from '../../../shared/crypto.ts';

/** What a confirmation is bound to: where it was asked, and exactly what it runs. */
export interface PendingBinding {
  tenantId: string;
  /** The conversation (session key) that was asked. */
  key: string;
  tool: string;
  /** The digest of the tool's parsed arguments (argsDigest). */
  argsDigest: string;
}

const seal = async (secret: string, b: PendingBinding) =>
  toHex(await hmacSha256(secret, ['max.pending.v1', b.tenantId, b.key, b.tool, b.argsDigest].join('\n')));

/**
 * The digest a confirmation is stored with: the arguments' digest sealed with a key only the agent
 * holds, to the tenant and the conversation. A pending row MAX did not write (a plain sha256 of a
 * tool and arguments anybody can compute), or one moved to another chat or tenant, never matches,
 * so a yes never runs it.
 */
export const sealPending = (secret: string, b: PendingBinding): Promise<string> => seal(secret, b);

export async function pendingSealMatches(
  secret: string,
  b: PendingBinding,
  stored: string,
): Promise<boolean> {
  return timingSafeEqual(await seal(secret, b), stored);
}
