import { exportJWK, generateKeyPair } from 'jose';
import type { AsymmetricSigningKey } from './access-token.ts';

/**
 * A fresh ES256 key pair, as a Supabase project's JWT signing key: the private half signs access
 * tokens, the public half (with `kid`, `alg`, `use`, `key_ops`) is what the JWKS endpoint lists.
 */
export async function generateSigningKey(alg: 'ES256' | 'RS256' = 'ES256'): Promise<AsymmetricSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = crypto.randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig', key_ops: ['verify'] };
  return { alg, kid, privateKey, publicJwk };
}
