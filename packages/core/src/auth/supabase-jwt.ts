import { z } from 'zod';
import { utf8 } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';

/**
 * Verifies a Supabase Auth access token with WebCrypto: HS256 with the project's JWT secret
 * (legacy) or ES256 / RS256 with the project's JWKS (signing keys). Returns the claims.
 */
const claimsSchema = z.looseObject({
  sub: z.string().uuid(),
  role: z.string(),
  exp: z.number(),
  nbf: z.number().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
});
export type SupabaseClaims = z.infer<typeof claimsSchema>;

export interface JwtKeys {
  hs256Secret?: string | null;
  jwks?: { keys: Array<JsonWebKey & { kid?: string; alg?: string }> } | null;
}

const b64url = (s: string): Uint8Array<ArrayBuffer> => {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const u = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) u[i] = b.charCodeAt(i);
  return u;
};
const unauthorized = (why: string) => new AppError('unauthorized', why, { retryable: false });

export async function verifySupabaseJwt(
  token: string,
  keys: JwtKeys,
  now: Date,
  leewaySeconds = 30,
): Promise<SupabaseClaims> {
  const parts = token.split('.');
  if (parts.length !== 3) throw unauthorized('Malformed token');
  const [h, p, sig] = parts as [string, string, string];
  let header: { alg?: string; kid?: string };
  let payload: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(b64url(h)));
    payload = JSON.parse(new TextDecoder().decode(b64url(p)));
  } catch {
    throw unauthorized('Malformed token');
  }
  const data = utf8(`${h}.${p}`);
  const signature = b64url(sig);
  let ok = false;
  if (header.alg === 'HS256') {
    if (!keys.hs256Secret) throw unauthorized('HS256 tokens are not accepted');
    const key = await crypto.subtle.importKey(
      'raw',
      utf8(keys.hs256Secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    ok = await crypto.subtle.verify('HMAC', key, signature, data);
  } else if (header.alg === 'ES256' || header.alg === 'RS256') {
    const jwk = keys.jwks?.keys.find((k) => k.kid === header.kid && (!k.alg || k.alg === header.alg));
    if (!jwk) throw unauthorized('Unknown signing key');
    const algo =
      header.alg === 'ES256'
        ? { name: 'ECDSA', namedCurve: 'P-256' }
        : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const key = await crypto.subtle.importKey('jwk', jwk, algo, false, ['verify']);
    ok = await crypto.subtle.verify(
      header.alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : 'RSASSA-PKCS1-v1_5',
      key,
      signature,
      data,
    );
  } else {
    throw unauthorized('Unsupported token algorithm');
  }
  if (!ok) throw unauthorized('Bad token signature');
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw unauthorized('Token claims are incomplete');
  const t = now.getTime() / 1000;
  if (claims.data.exp + leewaySeconds < t) throw unauthorized('Token expired');
  if (claims.data.nbf !== undefined && claims.data.nbf - leewaySeconds > t)
    throw unauthorized('Token not yet valid');
  if (claims.data.role !== 'authenticated') throw unauthorized('Not a signed-in user');
  return claims.data;
}
