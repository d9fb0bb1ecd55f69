import {
  type SupabaseJwtOptions,
  supabaseAuthEndpoints,
  supabaseJwks,
  verifySupabaseJwt,
} from '@max/core/auth';
import { AppError } from '@max/core/shared';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';

const SUB = '7f1a2b3c-0000-4000-8000-000000000001';
const SECRET = 'super-secret-jwt-token-with-at-least-32-characters';
const { issuer: ISSUER, jwksUrl: JWKS_URL } = supabaseAuthEndpoints('https://abcd.supabase.co/');
const now = new Date('2026-11-23T09:00:00Z');
const t = Math.floor(now.getTime() / 1000);
const enc = new TextEncoder();
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

const good = { sub: SUB, role: 'authenticated', aud: 'authenticated', iss: ISSUER, iat: t, exp: t + 600 };
const hs256 = (payload: object, secret: string | Uint8Array = SECRET) =>
  new SignJWT({ ...payload })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(typeof secret === 'string' ? enc.encode(secret) : secret);

async function esKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    jwk,
    sign: (payload: object, headerKid = kid) =>
      new SignJWT({ ...payload }).setProtectedHeader({ alg: 'ES256', kid: headerKid }).sign(privateKey),
  };
}

/** A JWKS endpoint the test controls: what it serves, how often it was asked, a settable clock. */
function jwksServer(initial: unknown[] = []) {
  const state = { keys: initial, fetches: 0, status: 200, clock: 0 };
  const jwks = supabaseJwks(JWKS_URL, {
    now: () => state.clock,
    fetch: async (url) => {
      expect(String(url)).toBe(JWKS_URL);
      state.fetches++;
      return new Response(JSON.stringify({ keys: state.keys }), { status: state.status });
    },
  });
  return { state, jwks };
}

const hsOnly: SupabaseJwtOptions = { issuer: ISSUER, hs256Secret: SECRET };
const verify = (token: string, o: SupabaseJwtOptions = hsOnly) => verifySupabaseJwt(token, o, now);
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof AppError ? `${e.code}: ${e.message}` : `not an AppError: ${String(e)}`;
  }
  return 'accepted';
};

describe('Supabase access tokens (jose)', () => {
  it('derives the issuer and JWKS URL from the project URL', () => {
    expect(ISSUER).toBe('https://abcd.supabase.co/auth/v1');
    expect(JWKS_URL).toBe('https://abcd.supabase.co/auth/v1/.well-known/jwks.json');
  });

  it('accepts a valid HS256 token and returns its claims', async () => {
    expect(await verify(await hs256(good))).toMatchObject({ sub: SUB, role: 'authenticated' });
  });

  it('a foreign aud, an attacker iss, no iss, expired, nbf ahead → unauthorized', async () => {
    const cases: Array<[object, string]> = [
      [{ aud: 'another-project' }, 'unauthorized: Token audience is not accepted'],
      [{ aud: undefined }, 'unauthorized: Token audience is not accepted'],
      [{ iss: 'https://attacker.example/auth/v1' }, 'unauthorized: Token issuer is not accepted'],
      [{ iss: undefined }, 'unauthorized: Token issuer is not accepted'],
      [{ exp: t - 31 }, 'unauthorized: Token expired'],
      [{ exp: undefined }, 'unauthorized: Token claim exp is invalid'],
      [{ nbf: t + 31 }, 'unauthorized: Token not yet valid'],
      [{ role: 'anon' }, 'unauthorized: Not a signed-in user'],
      [{ sub: 'not-a-uuid' }, 'unauthorized: Token claims are incomplete'],
    ];
    for (const [o, want] of cases)
      expect([o, await refusal(verify(await hs256({ ...good, ...o })))]).toEqual([o, want]);
    // 30 s of leeway either side; a configured audience is honoured.
    expect(await refusal(verify(await hs256({ ...good, exp: t - 29, nbf: t + 29 })))).toBe('accepted');
    expect(
      await refusal(verify(await hs256({ ...good, aud: 'custom' }), { ...hsOnly, audience: 'custom' })),
    ).toBe('accepted');
  });

  it('a wrong secret, a tampered payload, alg none, alg confusion and garbage → unauthorized', async () => {
    const project = await esKey('k1');
    const { jwks } = jwksServer([project.jwk]);
    const both: SupabaseJwtOptions = { ...hsOnly, jwks };
    expect(await refusal(verify(await hs256(good, 'another-secret-another-secret-another')))).toBe(
      'unauthorized: Bad token signature',
    );
    const [h, , s] = (await hs256(good)).split('.');
    expect(await refusal(verify(`${h}.${b64({ ...good, sub: SUB.replace('1', '2') })}.${s}`))).toBe(
      'unauthorized: Bad token signature',
    );
    expect(await refusal(verify(`${b64({ alg: 'none' })}.${b64(good)}.`, both))).toBe(
      'unauthorized: Unsupported token algorithm',
    );
    // HS256 keyed with the project's public key: the HMAC key is only ever the configured secret.
    const confused = await hs256(good, enc.encode(JSON.stringify(project.jwk)));
    expect(await refusal(verify(confused, both))).toBe('unauthorized: Bad token signature');
    // Without a configured secret, HS256 is not accepted at all.
    expect(await refusal(verify(confused, { issuer: ISSUER, jwks }))).toBe(
      'unauthorized: Unsupported token algorithm',
    );
    // An ES256 token when only the HS256 secret is configured.
    expect(await refusal(verify(await project.sign(good)))).toBe('unauthorized: Unsupported token algorithm');
    expect(await refusal(verify(`${b64({ alg: 'PS256' })}.${b64(good)}.c2ln`, both))).toBe(
      'unauthorized: Unsupported token algorithm',
    );
    expect(await refusal(verify(`${b64({ alg: 'HS256', crit: ['b64'], b64: false })}.${b64(good)}.x`))).toBe(
      'unauthorized: Unsupported token header',
    );
    for (const garbage of ['not.a.jwt', 'x', '', `${b64({ alg: 'HS256' })}.${b64(good)}`])
      expect(await refusal(verify(garbage))).toBe('unauthorized: Malformed token');
  });

  it('ES256 with a key of the JWKS; a wrong key under a known kid is refused', async () => {
    const project = await esKey('k1');
    const attacker = await esKey('k1');
    const { jwks } = jwksServer([project.jwk]);
    const o = { issuer: ISSUER, jwks };
    expect(await verify(await project.sign(good), o)).toMatchObject({ sub: SUB });
    expect(await refusal(verify(await attacker.sign(good), o))).toBe('unauthorized: Bad token signature');
    expect(await refusal(verify(await project.sign(good, 'unknown'), o))).toBe(
      'unauthorized: Unknown signing key',
    );
  });

  it('a rotated key is fetched from the JWKS URL at its first token, no restart; fetches are cached', async () => {
    const before = await esKey('before');
    const after = await esKey('after');
    const { state, jwks } = jwksServer([before.jwk]);
    const o = { issuer: ISSUER, jwks };
    expect(await refusal(verify(await before.sign(good), o))).toBe('accepted');
    expect(await refusal(verify(await before.sign(good), o))).toBe('accepted');
    expect(state.fetches).toBe(1);
    // The project rotates. Within the 30 s cooldown an unknown kid does not refetch…
    state.keys = [after.jwk];
    state.clock += 10_000;
    expect(await refusal(verify(await after.sign(good), o))).toBe('unauthorized: Unknown signing key');
    expect(state.fetches).toBe(1);
    // …after it, the first token of the new key fetches it, and the retired key is refused.
    state.clock += 30_000;
    expect(await refusal(verify(await after.sign(good), o))).toBe('accepted');
    expect(state.fetches).toBe(2);
    state.clock += 30_000;
    expect(await refusal(verify(await before.sign(good), o))).toBe('unauthorized: Unknown signing key');
    // Keys are refetched when older than 10 minutes even without an unknown kid.
    const fetches = state.fetches;
    state.clock += 600_001;
    expect(await refusal(verify(await after.sign(good), o))).toBe('accepted');
    expect(state.fetches).toBe(fetches + 1);
  });

  it('a JWKS that cannot be fetched is "unavailable" (503), not the user’s fault, and lets no one in', async () => {
    const key = await esKey('k1');
    const { state, jwks } = jwksServer([key.jwk]);
    state.status = 500;
    expect(await refusal(verify(await key.sign(good), { issuer: ISSUER, jwks }))).toBe(
      'unavailable: Signing keys unavailable: status 500',
    );
    const down = supabaseJwks(JWKS_URL, {
      fetch: async () => {
        throw new TypeError('connection refused');
      },
    });
    expect(await refusal(verify(await key.sign(good), { issuer: ISSUER, jwks: down }))).toBe(
      'unavailable: Signing keys unavailable: network',
    );
    expect(await refusal(verify(await hs256(good), { issuer: ISSUER }))).toBe(
      'unavailable: No token verification key configured',
    );
  });
});
