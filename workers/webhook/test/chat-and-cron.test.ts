import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bindings } from '../src/env.ts';
import worker from '../src/index.ts';
import type { Received } from './agent-stand-in.ts';
import { awayFromMinuteEdge } from './helpers.ts';

const JWT_SECRET = 'test-supabase-jwt-secret-0123456789abcdef';
const ISSUER = 'http://supabase.test/auth/v1';
const enc = new TextEncoder();
const now = () => Math.floor(Date.now() / 1000);
const newUser = () => crypto.randomUUID();
const b64 = (o: unknown) =>
  btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * A Supabase access token's claims for `sub`, valid unless overridden: a member of acme, as the
 * access token hook puts it (`tenant_id`, `tenant_role`).
 */
const claims = (sub: string, o: Record<string, unknown> = {}) => ({
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
const hs256 = (payload: Record<string, unknown>, secret: string | Uint8Array = JWT_SECRET) =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(typeof secret === 'string' ? enc.encode(secret) : secret);

async function signingKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sign = (payload: Record<string, unknown>, headerKid = kid) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: headerKid, typ: 'JWT' }).sign(privateKey);
  return { jwk, sign };
}
/** What the Supabase project's JWKS URL serves from now on. */
const publish = async (...keys: unknown[]) => {
  await fetch('http://supabase.test/__jwks', { method: 'POST', body: JSON.stringify({ keys }) });
};

const chat = (headers: Record<string, string>, body: unknown = { text: 'derniers leads' }) =>
  SELF.fetch('http://worker.test/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const as = (token: string, tenant = 'acme') => ({ authorization: `Bearer ${token}`, 'x-tenant': tenant });
const received = async () => (await (await fetch('http://agent.test/__received')).json()) as Received[];
const chatsOf = async (userId: string) => (await received()).filter((r) => r.userId === userId);

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

describe('POST /api/chat: what it forwards', () => {
  it('needs X-Tenant and a text; bad bodies get a 4xx through the one error mapping', async () => {
    const t = await hs256(claims(newUser()));
    const noTenant = await chat({ authorization: `Bearer ${t}` });
    expect(noTenant.status).toBe(400);
    expect(await noTenant.json()).toEqual({
      error: { code: 'bad_request', message: 'X-Tenant header with a tenant id is required' },
    });
    const empty = await chat(as(t), { text: '' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: { code: 'validation', message: 'Invalid field text' } });
    const deep = await SELF.fetch('http://worker.test/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as(t) },
      body: `{"text":"x","extra":${'['.repeat(40_000)}${']'.repeat(40_000)}}`,
    });
    expect(deep.status).toBe(413);
    const nested = await SELF.fetch('http://worker.test/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as(t) },
      body: `{"text":"x","extra":${'['.repeat(100)}${']'.repeat(100)}}`,
    });
    expect(nested.status).toBe(400);
  });

  it('forwards the verified user and tenant, signed, and returns the agent’s answer', async () => {
    const user = newUser();
    const res = await chat(as(await hs256(claims(user))));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reply: 'réponse à: derniers leads' });
    expect(await chatsOf(user)).toEqual([
      expect.objectContaining({ kind: 'chat', verified: true, userId: user, tenantId: 'acme' }),
    ]);
  });

  it('a token naming the tenant of a user the agent finds no membership for (a stale token) gets the agent’s 403, then the edge’s for a minute', async () => {
    const user = newUser();
    const t = await hs256(claims(user, { tenant_id: 'nope' }));
    const first = await chat(as(t, 'nope'));
    expect(first.status).toBe(403);
    expect(await first.json()).toEqual({
      error: { code: 'forbidden', message: 'Not a member of this tenant' },
    });
    for (let i = 0; i < 5; i++) expect((await chat(as(t, 'nope'))).status).toBe(403);
    // The agent was asked once; the retries never reached it (nor the tenant's budget).
    expect(await chatsOf(user)).toHaveLength(1);
  });
});

describe('POST /api/chat: rate limits', () => {
  it('40 parallel calls from one member → 429 with Retry-After past 10; the agent sees at most 10', async () => {
    await awayFromMinuteEdge();
    const user = newUser();
    const tenant = `rl-${user.slice(0, 8)}`;
    const t = await hs256(claims(user, { tenant_id: tenant }));
    const answers = await Promise.all(Array.from({ length: 40 }, () => chat(as(t, tenant))));
    const limited = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(10);
    expect(limited).toHaveLength(30);
    expect(limited.every((r) => r.headers.get('retry-after') === '60')).toBe(true);
    expect(await limited[0]!.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many messages, try again in a minute' },
    });
    expect(await chatsOf(user)).toHaveLength(10);
  }, 40_000);

  it('per tenant too: 12 members × 9 calls on one tenant → 100 pass, 8 get 429', async () => {
    await awayFromMinuteEdge();
    const tenant = `rlt-${newUser().slice(0, 8)}`;
    const users = Array.from({ length: 12 }, newUser);
    const tokens = await Promise.all(users.map((u) => hs256(claims(u, { tenant_id: tenant }))));
    // The 12 members at once, each one's calls in turn (100 at once would time out the agent stand-in).
    const answers = (
      await Promise.all(
        tokens.map(async (t) => {
          const mine: Response[] = [];
          for (let i = 0; i < 9; i++) mine.push(await chat(as(t, tenant)));
          return mine;
        }),
      )
    ).flat();
    const statuses: Record<number, number> = {};
    for (const r of answers) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    expect(statuses).toEqual({ 200: 100, 429: 8 });
    const forwarded = (await received()).filter((r) => r.tenantId === tenant);
    expect(forwarded).toHaveLength(100);
  }, 40_000);
});

describe('POST /api/chat: only members spend a tenant’s budget', () => {
  it('11 signed-in strangers hammering a tenant get 403 without a call to the agent, and its 10 members still get all 100 calls', async () => {
    await awayFromMinuteEdge();
    // A tenant whose members (ids 0000cafe-…) are the only ones the agent (stand-in) accepts.
    const tenant = `closed-${newUser().slice(0, 8)}`;
    // Members of no tenant (the hook gave them no tenant claim), and members of another tenant.
    const strangers = await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        hs256(
          i % 2 === 0
            ? claims(newUser(), { tenant_id: undefined, tenant_role: undefined })
            : claims(newUser(), { tenant_id: `other-${tenant}` }),
        ),
      ),
    );
    const refused = (
      await Promise.all(
        strangers.map(async (t) => {
          const mine: number[] = [];
          for (let i = 0; i < 12; i++) mine.push((await chat(as(t, tenant))).status);
          return mine;
        }),
      )
    ).flat();
    expect(refused.filter((s) => s !== 403)).toEqual([]);
    expect(refused).toHaveLength(132);
    expect((await received()).filter((r) => r.tenantId === tenant)).toEqual([]);
    const lone = await chat(as(strangers[0]!, tenant));
    expect(await lone.json()).toEqual({
      error: { code: 'forbidden', message: 'Your session names no tenant: sign in again or choose a tenant' },
    });
    // The tenant's budget (100 a minute) is whole: its members get every call.
    const members = await Promise.all(
      Array.from({ length: 10 }, () => hs256(claims(`0000cafe${newUser().slice(8)}`, { tenant_id: tenant }))),
    );
    const answered = (
      await Promise.all(
        members.map(async (t) => {
          const mine: number[] = [];
          for (let i = 0; i < 10; i++) mine.push((await chat(as(t, tenant))).status);
          return mine;
        }),
      )
    ).flat();
    expect(answered.filter((s) => s !== 200)).toEqual([]);
    expect((await received()).filter((r) => r.tenantId === tenant)).toHaveLength(100);
  }, 60_000);
});

describe('cron trigger', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });
  afterEach(() => vi.restoreAllMocks());

  async function runCron(vars: Partial<Bindings> = {}) {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() }),
      { ...(env as unknown as Bindings), ...vars },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    vi.restoreAllMocks();
    return lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => String(l.event).startsWith('backstop'));
  }

  it('asks the agent, signed, to run the lost-webhook backstop, and logs its report', async () => {
    const logs = await runCron();
    expect((await received()).filter((r) => r.kind === 'backstop')).toEqual([
      expect.objectContaining({ kind: 'backstop', verified: true }),
    ]);
    expect(logs).toEqual([expect.objectContaining({ level: 'info', event: 'backstop', status: 200 })]);
  });

  it('a backstop the agent fails (500) is logged as backstop.failed with the status', async () => {
    const logs = await runCron({ AGENT_URL: 'http://agent.test/functions/v1/agent/down' });
    expect(logs).toEqual([
      expect.objectContaining({ level: 'error', event: 'backstop.failed', status: 500 }),
    ]);
  });

  it('an agent that does not answer is logged as backstop.failed with the error code, not thrown', async () => {
    // The backstop waits 4 × AGENT_TIMEOUT_MS; the stand-in answers after 5 s.
    const logs = await runCron({ AGENT_URL: 'http://agent.test/hang', AGENT_TIMEOUT_MS: '1000' });
    expect(logs).toEqual([
      expect.objectContaining({ level: 'error', event: 'backstop.failed', error: 'timeout' }),
    ]);
  });
});
