import { SELF } from 'cloudflare:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { received } from './agent-received.ts';

/** Supabase access tokens (HS256 with the project secret, or ES256 keys served by the JWKS URL) and web chat calls. */
export const JWT_SECRET = 'test-supabase-jwt-secret-0123456789abcdef';
export const ISSUER = 'http://supabase.test/auth/v1';
export const enc = new TextEncoder();
export const now = () => Math.floor(Date.now() / 1000);
export const newUser = () => crypto.randomUUID();
export const b64 = (o: unknown) =>
  btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * A Supabase access token's claims for `sub`, valid unless overridden: a member of acme, as the
 * access token hook puts it (`tenant_id`, `tenant_role`).
 */
export const claims = (sub: string, o: Record<string, unknown> = {}) => ({
  sub,
  role: 'authenticated',
  aud: 'authenticated',
  iss: ISSUER,
  iat: now(),
  exp: now() + 600,
  tenant_id: 'acme',
  tenant_role: 'member',
  ...o,
});
export const hs256 = (payload: Record<string, unknown>, secret: string | Uint8Array = JWT_SECRET) =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(typeof secret === 'string' ? enc.encode(secret) : secret);

export async function signingKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sign = (payload: Record<string, unknown>, headerKid = kid) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: headerKid, typ: 'JWT' }).sign(privateKey);
  return { jwk, sign };
}
/** What the Supabase project's JWKS URL serves from now on. */
export const publish = async (...keys: unknown[]) => {
  await fetch('http://supabase.test/__jwks', { method: 'POST', body: JSON.stringify({ keys }) });
};

export const chat = (headers: Record<string, string>, body: unknown = { text: 'derniers leads' }) =>
  SELF.fetch('http://worker.test/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
export const as = (token: string, tenant = 'acme') => ({
  authorization: `Bearer ${token}`,
  'x-tenant': tenant,
});
/** What the agent received from this user's web chat calls. */
export const chatsOf = async (userId: string) => (await received()).filter((r) => r.userId === userId);
