import { verifySupabaseJwt } from '@max/core';
import { describe, expect, it } from 'vitest';

const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const SUB = '7f1a2b3c-0000-4000-8000-000000000001';
const now = new Date('2026-11-23T09:00:00Z');
const t = Math.floor(now.getTime() / 1000);

async function hs256(payload: object, secret = 'super-secret-jwt-token-with-at-least-32-characters') {
  const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}`;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return `${head}.${Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(head))).toString('base64url')}`;
}

describe('Supabase access tokens', () => {
  const keys = { hs256Secret: 'super-secret-jwt-token-with-at-least-32-characters' };
  const good = { sub: SUB, role: 'authenticated', aud: 'authenticated', exp: t + 600 };

  it('accepts a valid HS256 token and returns its claims', async () => {
    expect(await verifySupabaseJwt(await hs256(good), keys, now)).toMatchObject({
      sub: SUB,
      role: 'authenticated',
    });
  });

  it('accepts an ES256 token signed by a key of the JWKS', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const jwk = { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid: 'k1', alg: 'ES256' };
    const head = `${enc({ alg: 'ES256', kid: 'k1' })}.${enc(good)}`;
    const sig = Buffer.from(
      await crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        pair.privateKey,
        new TextEncoder().encode(head),
      ),
    ).toString('base64url');
    expect(await verifySupabaseJwt(`${head}.${sig}`, { jwks: { keys: [jwk] } }, now)).toMatchObject({
      sub: SUB,
    });
    await expect(
      verifySupabaseJwt(`${head}.${sig}`, { jwks: { keys: [{ ...jwk, kid: 'other' }] } }, now),
    ).rejects.toThrow('Unknown signing key');
  });

  it('rejects a wrong secret, a tampered payload, an expired token, an anon token and garbage', async () => {
    await expect(
      verifySupabaseJwt(await hs256(good, 'another-secret-another-secret-another'), keys, now),
    ).rejects.toThrow('Bad token signature');
    const [h, , s] = (await hs256(good)).split('.');
    await expect(
      verifySupabaseJwt(
        `${h}.${enc({ ...good, sub: '7f1a2b3c-0000-4000-8000-0000000000ff' })}.${s}`,
        keys,
        now,
      ),
    ).rejects.toThrow('Bad token signature');
    await expect(verifySupabaseJwt(await hs256({ ...good, exp: t - 120 }), keys, now)).rejects.toThrow(
      'Token expired',
    );
    await expect(verifySupabaseJwt(await hs256({ ...good, role: 'anon' }), keys, now)).rejects.toThrow(
      'Not a signed-in user',
    );
    await expect(verifySupabaseJwt('not.a.jwt', keys, now)).rejects.toThrow('Malformed token');
    await expect(verifySupabaseJwt(`${enc({ alg: 'none' })}.${enc(good)}.`, keys, now)).rejects.toThrow(
      'Unsupported token algorithm',
    );
  });
});
