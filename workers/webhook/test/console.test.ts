import { SELF } from 'cloudflare:test';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Received } from './agent-stand-in.ts';

/**
 * The console's API at the edge (/api/console/…), and the page itself served from the same origin:
 * who gets through (a valid token naming the X-Tenant), what reaches the agent (the verified claims
 * and a validated request, signed), and what never does (bad tokens, other tenants, bad requests).
 */
const JWT_SECRET = 'test-supabase-jwt-secret-0123456789abcdef';
const now = () => Math.floor(Date.now() / 1000);
const token = (sub: string, o: Record<string, unknown> = {}) =>
  new SignJWT({
    sub,
    role: 'authenticated',
    aud: 'authenticated',
    iss: 'http://supabase.test/auth/v1',
    iat: now(),
    exp: now() + 600,
    tenant_id: 'acme',
    tenant_role: 'admin',
    ...o,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(JWT_SECRET));
const as = (t: string, tenant = 'acme') => ({ authorization: `Bearer ${t}`, 'x-tenant': tenant });
const api = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
  SELF.fetch(`http://worker.test/api/console/${path}`, { ...init, headers: { ...headers, ...init.headers } });
const consoleJobsOf = async (sub: string) =>
  ((await (await fetch('http://agent.test/__received')).json()) as Received[]).filter(
    (r) => r.kind === 'console' && r.claims?.sub === sub,
  );

describe('the console page’s configuration', () => {
  // That the built page is served at / by wrangler (workerd's asset router) is shown in a real
  // browser (scripts/test/console/): vitest-pool-workers' SELF reaches the Worker only.
  it('an unknown console path still asks for a token first (no route is probed without one)', async () => {
    expect((await SELF.fetch('http://worker.test/api/console/nothing-here')).status).toBe(401);
  });

  it('gets what it needs to reach Supabase Auth, and nothing secret', async () => {
    const res = await api('config');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      supabaseUrl: 'http://supabase.test',
      publishableKey: 'sb_publishable_test-console-key-0123',
    });
  });
});

describe('/api/console: who gets through', () => {
  it('no token, a forged one, an expired one → 401 and the agent is never asked', async () => {
    const user = crypto.randomUUID();
    const forged = await new SignJWT({
      sub: user,
      role: 'authenticated',
      aud: 'authenticated',
      tenant_id: 'acme',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('another-secret-0123456789abcdef-0123456789'));
    for (const headers of [{ 'x-tenant': 'acme' }, as(forged), as(await token(user, { exp: now() - 3600 }))])
      expect((await api('me', headers)).status).toBe(401);
    expect(await consoleJobsOf(user)).toEqual([]);
  });

  it('a tenant other than the token’s, or a token naming none → 403 before the agent', async () => {
    const user = crypto.randomUUID();
    const t = await token(user);
    expect((await api('activity', as(t, 'beta'))).status).toBe(403);
    const none = await token(user, { tenant_id: undefined, tenant_role: undefined });
    const res = await api('me', as(none));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/names no tenant/);
    expect((await api('me', { authorization: `Bearer ${t}` })).status).toBe(400);
    expect(await consoleJobsOf(user)).toEqual([]);
  });
});

describe('/api/console: what reaches the agent', () => {
  it('the verified claims and the request, validated and signed; the agent’s answer comes back', async () => {
    const user = crypto.randomUUID();
    const res = await api(
      'activity?action=create_lead&from=2026-12-01&limit=10&junk=1',
      as(await token(user)),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      echo: { op: 'activity', action: 'create_lead', from: '2026-12-01', limit: 10 },
      as: user,
    });
    const [job] = await consoleJobsOf(user);
    expect(job).toMatchObject({
      verified: true,
      claims: { sub: user, tenant_id: 'acme', role: 'authenticated' },
    });
  });

  it('memory edits: PUT sets a key, DELETE forgets it; a bad key or value is 400 without the agent', async () => {
    const user = crypto.randomUUID();
    const t = await token(user);
    const put = await api('memory/profile.sector', as(t), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'boulangerie' }),
    });
    expect(await put.json()).toMatchObject({
      echo: { op: 'memory.set', key: 'profile.sector', value: 'boulangerie' },
    });
    const del = await api('memory/profile.sector', as(t), { method: 'DELETE' });
    expect(await del.json()).toMatchObject({ echo: { op: 'memory.forget', key: 'profile.sector' } });
    for (const [path, body] of [
      ['memory/Not%20a%20key', { value: 'x' }],
      ['memory/profile.sector', { value: '' }],
      ['memory/profile.sector', { value: 'x'.repeat(501) }],
      ['memory/profile.sector', 'not json'],
    ] as const) {
      const res = await api(path, as(t), {
        method: 'PUT',
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect([path, res.status]).toEqual([path, 400]);
    }
    const big = await api('memory/profile.sector', as(t), {
      method: 'PUT',
      body: JSON.stringify({ value: 'x'.repeat(9000) }),
    });
    expect(big.status).toBe(413);
    for (const bad of ['activity?limit=1000', 'activity?from=yesterday', 'nothing-here'])
      expect((await api(bad, as(t))).status).toBeGreaterThanOrEqual(400);
    expect(await consoleJobsOf(user)).toHaveLength(2);
  });

  it('team changes, the tenant switch, usage and health map to their requests; the invite link is this origin, never the caller’s', async () => {
    const user = crypto.randomUUID();
    const t = await token(user);
    const json = (method: string, body: unknown) => ({
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const cases: Array<[string, RequestInit, Record<string, unknown>]> = [
      ['usage?month=2026-12', {}, { op: 'usage', month: '2026-12' }],
      ['health', {}, { op: 'health' }],
      ['tenants', {}, { op: 'tenants' }],
      ['tenants/choose', json('POST', { tenantId: 'beta' }), { op: 'tenant.choose', tenantId: 'beta' }],
      [
        'team/senders/%2B33%206%2012%2034%2056%2078',
        json('PUT', { role: 'member', name: 'Léa' }),
        { op: 'sender.set', phone: '+33 6 12 34 56 78', role: 'member', name: 'Léa' },
      ],
      ['team/senders/0612345678', { method: 'DELETE' }, { op: 'sender.remove', phone: '0612345678' }],
      [
        `team/members/${user}`,
        json('PUT', { role: 'viewer' }),
        { op: 'member.set', userId: user, role: 'viewer' },
      ],
      [`team/members/${user}`, { method: 'DELETE' }, { op: 'member.remove', userId: user }],
      [
        'team/invites',
        json('POST', { email: 'New@Acme.test', role: 'member', redirectTo: 'https://evil.example/' }),
        { op: 'member.invite', email: 'new@acme.test', role: 'member', redirectTo: 'http://worker.test/' },
      ],
    ];
    for (const [path, init, echo] of cases) {
      const res = await api(path, as(t), init);
      expect([path, res.status]).toEqual([path, 200]);
      expect(((await res.json()) as { echo: unknown }).echo).toEqual(echo);
    }
    for (const [path, init] of [
      ['team/senders/javascript:alert(1)', json('PUT', { role: 'member' })],
      ['team/senders/0612345678', json('PUT', { role: 'owner' })],
      ['team/members/not-a-uuid', { method: 'DELETE' }],
      ['team/invites', json('POST', { email: 'nope', role: 'member' })],
      ['tenants/choose', json('POST', { tenantId: '../beta' })],
      ['usage?month=2026-13', {}],
    ] as const) {
      const res = await api(path, as(t), init);
      expect([path, res.status]).toEqual([path, 400]);
    }
    expect((await api('usage', as(t), { method: 'POST' })).status).toBe(405);
    // Another tenant's header with this token: 403 before the agent, for the new routes too.
    for (const path of ['usage', 'health', 'tenants', 'team/senders/0612345678'])
      expect(
        (await api(path, as(t, 'beta'), path.startsWith('team') ? { method: 'DELETE' } : {})).status,
      ).toBe(403);
    expect(await consoleJobsOf(user)).toHaveLength(cases.length);
  });

  it('the agent’s refusal (the database’s) reaches the page as is', async () => {
    const res = await api('pending', as(await token(crypto.randomUUID(), { tenant_role: 'viewer' })));
    expect(res.status).toBe(403);
  });

  it('a person is limited to 120 requests a minute: over it, 429 with Retry-After', async () => {
    const t = await token(crypto.randomUUID());
    const statuses = await Promise.all(
      Array.from({ length: 130 }, () => api('me', as(t)).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(120);
  });
});

describe('POST /api/chat: confirmation buttons', () => {
  it('a button’s answer is forwarded with the reference of its action; a malformed one is 400', async () => {
    const user = crypto.randomUUID();
    const t = await token(user);
    const chat = (body: unknown) =>
      SELF.fetch('http://worker.test/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as(t) },
        body: JSON.stringify(body),
      });
    expect((await chat({ text: 'oui', confirm: { ref: '0123456789abcdef', yes: true } })).status).toBe(200);
    for (const confirm of [
      { ref: 'xyz', yes: true },
      { ref: '0123456789abcdef' },
      { ref: '0123456789abcdef', yes: true, tool: 'x' },
    ])
      expect((await chat({ text: 'oui', confirm })).status).toBe(400);
    const jobs = ((await (await fetch('http://agent.test/__received')).json()) as Received[]).filter(
      (r) => r.userId === user,
    );
    expect(jobs.map((j) => j.confirm)).toEqual([{ ref: '0123456789abcdef', yes: true }]);
  });
});
