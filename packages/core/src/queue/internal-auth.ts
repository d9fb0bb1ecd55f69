import { hmacSha256, timingSafeEqual, toHex } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';

/**
 * Worker → agent authentication: HMAC-SHA256 over `${timestamp}.${body}` with AGENT_SHARED_SECRET.
 * The timestamp bounds replay to a 5-minute window; the database claim makes a replay inside
 * the window harmless anyway.
 */
export const INTERNAL_AUTH_WINDOW_MS = 5 * 60 * 1000;
export const TIMESTAMP_HEADER = 'x-max-timestamp';
export const SIGNATURE_HEADER = 'x-max-signature';

export async function signInternal(secret: string, body: string, now: Date): Promise<Record<string, string>> {
  const ts = String(Math.floor(now.getTime() / 1000));
  const sig = toHex(await hmacSha256(secret, `${ts}.${body}`));
  return { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: `v1=${sig}` };
}

export async function verifyInternal(
  secret: string,
  body: string,
  headers: { get(name: string): string | null },
  now: Date,
): Promise<void> {
  const ts = headers.get(TIMESTAMP_HEADER);
  const sig = headers.get(SIGNATURE_HEADER);
  if (!ts || !sig) throw new AppError('unauthorized', 'Missing internal signature');
  if (!/^\d{1,12}$/.test(ts)) throw new AppError('unauthorized', 'Malformed internal timestamp');
  const skew = Math.abs(now.getTime() - Number(ts) * 1000);
  if (skew > INTERNAL_AUTH_WINDOW_MS)
    throw new AppError('unauthorized', 'Internal signature outside its window');
  const expected = `v1=${toHex(await hmacSha256(secret, `${ts}.${body}`))}`;
  if (!timingSafeEqual(expected, sig)) throw new AppError('unauthorized', 'Bad internal signature');
}
