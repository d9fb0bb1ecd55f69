import { hmacSha256, timingSafeEqual, toHex } from '../../shared/crypto.ts';

/**
 * Each instance's webhookUrlToken = hex(HMAC-SHA256(master secret, idInstance)): the edge
 * checks any instance without a lookup, and one leaked token says nothing about another.
 */
export async function deriveWebhookToken(secret: string, idInstance: string | number): Promise<string> {
  return toHex(await hmacSha256(secret, String(idInstance)));
}

/** Accepts `Bearer <token>` and the bare token (Green-API sends either); constant time. */
export async function verifyWebhookToken(
  secret: string,
  idInstance: string,
  authorization: string | null,
): Promise<boolean> {
  return tokenPresented(await deriveWebhookToken(secret, idInstance), authorization);
}

/** Whether an Authorization header (`Bearer <token>` or the bare token) presents `expected`; constant time. */
export function tokenPresented(expected: string, authorization: string | null): boolean {
  if (!authorization) return false;
  return timingSafeEqual(expected, authorization.trim().replace(/^Bearer\s+/i, ''));
}
