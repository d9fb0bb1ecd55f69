import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env.ts';
import {
  as,
  b64,
  chat,
  chatsOf,
  claims,
  enc,
  hs256,
  newUser,
  now,
  publish,
  signingKey,
} from './chat-tokens.ts';

describe('POST /api/chat: who may call', () => {
  it('needs a valid Supabase token: none, forged, expired or anon → 401, nothing forwarded', async () => {
    const user = newUser();
    const tokens = [
      await hs256(claims(user), 'not-the-project-secret-0123456789abcdef'),
      await hs256(claims(user, { exp: now() - 3600 })),
      await hs256(claims(user, { role: 'anon' })),
    ];
    expect((await chat({ 'x-tenant': 'acme' })).status).toBe(401);
    for (const t of tokens) expect((await chat(as(t))).status).toBe(401);
    expect(await chatsOf(user)).toEqual([]);
  });

  it('a foreign aud, an attacker iss, exp past or nbf ahead (beyond 30 s leeway) → 401', async () => {
    const user = newUser();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['foreign aud', { aud: 'other-project' }, 'Token audience is not accepted'],
      ['attacker iss', { iss: 'https://attacker.example/auth/v1' }, 'Token issuer is not accepted'],
      ['no iss', { iss: undefined }, 'Token issuer is not accepted'],
      ['expired', { exp: now() - 60 }, 'Token expired'],
      ['nbf in the future', { nbf: now() + 300 }, 'Token not yet valid'],
    ];
    for (const [name, o, message] of cases) {
      const res = await chat(as(await hs256(claims(user, o))));
      expect([name, res.status, await res.json()]).toEqual([
        name,
        401,
        { error: { code: 'unauthorized', message } },
      ]);
    }
    // Within the leeway: a clock a few seconds apart is not an attack.
    expect((await chat(as(await hs256(claims(user, { exp: now() - 5, nbf: now() + 5 }))))).status).toBe(200);
    expect(await chatsOf(user)).toHaveLength(1);
  });

  it('alg confusion, alg none and a wrong signing key → 401', async () => {
    const user = newUser();
    const project = await signingKey(`k-${user}`);
    const attacker = await signingKey(`k-${user}`);
    await publish(project.jwk);
    // HS256 "signed" with the project's public key as the HMAC secret (the classic confusion).
    const confused = await hs256(claims(user), enc.encode(JSON.stringify(project.jwk)));
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(user))}.`;
    const rs = `${b64({ alg: 'PS256', kid: project.jwk.kid })}.${b64(claims(user))}.c2ln`;
    // Same kid as the published key, signed by another key.
    const wrongKey = await attacker.sign(claims(user));
    for (const t of [confused, none, rs, wrongKey]) {
      const res = await chat(as(t));
      expect(res.status).toBe(401);
    }
    expect(await chatsOf(user)).toEqual([]);
    // The project's own key passes.
    expect((await chat(as(await project.sign(claims(user))))).status).toBe(200);
  });

  it('a rotated key served by the JWKS URL is accepted without a restart; the retired one is not', async () => {
    const user = newUser();
    const before = await signingKey(`before-${user}`);
    const after = await signingKey(`after-${user}`);
    await publish(before.jwk);
    expect((await chat(as(await before.sign(claims(user))))).status).toBe(200);
    // The project rotates: only the new key is published now.
    await publish(after.jwk);
    expect((await chat(as(await after.sign(claims(user))))).status).toBe(200);
    const retired = await chat(as(await before.sign(claims(user))));
    expect(retired.status).toBe(401);
    expect(await retired.json()).toEqual({ error: { code: 'unauthorized', message: 'Unknown signing key' } });
    expect(await chatsOf(user)).toHaveLength(2);
  });

  it('without SUPABASE_URL the web chat is not configured: 503, nothing forwarded', async () => {
    const { app } = await import('../src/app.ts');
    const user = newUser();
    const res = await app.fetch(
      new Request('http://worker.test/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(await hs256(claims(user))) },
        body: JSON.stringify({ text: 'x' }),
      }),
      { ...(env as unknown as Bindings), SUPABASE_URL: '' },
    );
    expect(res.status).toBe(503);
    expect(await chatsOf(user)).toEqual([]);
  });
});
