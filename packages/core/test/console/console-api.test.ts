import { handleAgentRequest, type PipelineResponse, signInternal } from '@max/core';
import { mintAccessToken } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_SECRET, type Harness, startHarness } from '../agent/pipeline/harness.ts';

/**
 * The console's API as the agent runs it: each request as the signed-in person (`authenticated`
 * with the claims the access token hook gives, as PostgREST would), so RLS and tenant_members
 * decide. People of two tenants try to read and write past their role and their tenant.
 */
const user = (n: number) => `5c0e2d1a-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ACME = { owner: user(1), admin: user(2), member: user(3), viewer: user(4) };
const BETA = { admin: user(11) };
const NOBODY = user(99);

describe('console API: what each person of a tenant reads and changes', () => {
  let h: Harness;
  let n = 0;
  const claims = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({
      id: 'acme',
      idInstance: '1101000081',
      crmUrl: h.espo.url,
      admin: '33600000081@c.us',
    });
    await h.seedTenant({
      id: 'beta',
      idInstance: '1101000082',
      crmUrl: h.espo.url,
      admin: '33600000082@c.us',
    });
    await h.db.admin`update tenants set crm_public_url = 'https://crm.acme.example' where id = 'acme'`;
    const members: Array<[string, string, string]> = [
      ...Object.entries(ACME).map(([role, id]) => ['acme', id, role] as [string, string, string]),
      ['beta', BETA.admin, 'admin'],
    ];
    for (const [tenant, id, role] of members) {
      await h.db.admin`insert into auth.users (id, email) values (${id}, ${`${role}@${tenant}.test`})`;
      await h.db
        .admin`insert into tenant_members (tenant_id, user_id, role) values (${tenant}, ${id}, ${role})`;
    }
    await h.db.admin`insert into auth.users (id, email) values (${NOBODY}, 'nobody@x.test')`;
    for (const id of [...Object.values(ACME), BETA.admin, NOBODY]) {
      const minted = await mintAccessToken(h.db.admin, {
        userId: id,
        issuer: 'http://127.0.0.1:9703/auth/v1',
        secret: 'console-test-secret-0123456789abcdef0123',
      });
      claims.set(id, minted.claims);
    }
    // Some history in each tenant's audit log.
    await h.db.admin`
      insert into max_logs (tenant_id, actor, action, target_entity, target_id, result, created_at)
      select 'acme', case when i % 2 = 0 then '33600000081@c.us' else 'web:' || ${ACME.member} end,
             case when i % 3 = 0 then 'create_lead' else 'find_leads' end, 'Lead', 'L' || i, 'ok',
             timestamptz '2026-12-01 10:00+00' + i * interval '1 hour'
        from generate_series(1, 30) i`;
    await h.db
      .admin`insert into max_logs (tenant_id, actor, action, result) values ('beta', 'beta-secret-actor', 'create_lead', 'ok')`;
    await h.db
      .admin`insert into tenant_memory (tenant_id, key, value) values ('acme', 'profile.sector', 'boulangerie'), ('beta', 'profile.sector', 'beta-only')`;
  });
  afterAll(() => h.close());

  const ask = async (
    who: string,
    request: Record<string, unknown>,
    claimsOverride?: Record<string, unknown>,
  ): Promise<PipelineResponse> => {
    const body = JSON.stringify({
      v: 1,
      kind: 'console',
      requestId: `console-${++n}`,
      claims: claimsOverride ?? claims.get(who),
      request,
    });
    return handleAgentRequest(h.deps, {
      headers: new Headers(await signInternal(AGENT_SECRET, body, new Date())),
      body,
    });
  };
  const rows = (r: PipelineResponse) => (r.body as { rows: Array<Record<string, unknown>> }).rows;

  it('me: the tenant, its public CRM URL and the role the database gives, for every member', async () => {
    for (const [role, id] of Object.entries(ACME)) {
      const r = await ask(id, { op: 'me' });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        tenant: expect.objectContaining({ id: 'acme', crmPublicUrl: 'https://crm.acme.example' }),
        role,
        userId: id,
        tenants: [{ id: 'acme', name: expect.any(String), role, current: true }],
      });
    }
  });

  it('activity: owners and admins page through the log newest first, filtered by action, actor and day', async () => {
    const first = await ask(ACME.admin, { op: 'activity', limit: 10 });
    expect(first.status).toBe(200);
    const page1 = rows(first);
    expect(page1).toHaveLength(10);
    expect(page1.map((r) => r.targetId)).toEqual(Array.from({ length: 10 }, (_, i) => `L${30 - i}`));
    const next = (first.body as { next: number }).next;
    const page2 = rows(await ask(ACME.admin, { op: 'activity', limit: 10, before: next }));
    expect(page2[0]!.targetId).toBe('L20');
    expect((first.body as { actions: string[] }).actions).toEqual(['create_lead', 'find_leads']);
    const created = rows(await ask(ACME.owner, { op: 'activity', action: 'create_lead', limit: 100 }));
    expect(created).toHaveLength(10);
    const web = rows(await ask(ACME.owner, { op: 'activity', actor: `web:${ACME.member}`, limit: 100 }));
    expect(web).toHaveLength(15);
    // 2026-12-01 10:00 + 1..30 h: the 1st holds hours 11–23 (13 rows), the 2nd the other 17.
    const day = rows(
      await ask(ACME.owner, { op: 'activity', from: '2026-12-02', to: '2026-12-02', limit: 100 }),
    );
    expect(day).toHaveLength(17);
    const all = rows(await ask(ACME.owner, { op: 'activity', limit: 100 }));
    expect(all.some((r) => r.actor === 'beta-secret-actor')).toBe(false);
  });

  it('members and viewers cannot open the admin views (403), though RLS lets them read their own tenant', async () => {
    for (const who of [ACME.member, ACME.viewer])
      for (const op of ['activity', 'team', 'pending']) {
        const r = await ask(who, { op });
        expect([op, r.status]).toEqual([op, 403]);
      }
  });

  it('team: web members with their e-mail and WhatsApp numbers, only of the own tenant', async () => {
    const r = await ask(ACME.admin, { op: 'team' });
    expect(r.status).toBe(200);
    const body = r.body as {
      members: Array<{ email: string; role: string }>;
      senders: Array<{ phone: string }>;
    };
    expect(body.members.map((m) => [m.email, m.role])).toEqual([
      ['owner@acme.test', 'owner'],
      ['admin@acme.test', 'admin'],
      ['member@acme.test', 'member'],
      ['viewer@acme.test', 'viewer'],
    ]);
    expect(body.senders.map((s) => s.phone)).toEqual(['+33600000081']);
  });

  it('memory: every member reads it, only owners and admins change it, each change audited as the person', async () => {
    const asViewer = await ask(ACME.viewer, { op: 'memory' });
    expect(asViewer.body).toEqual({
      entries: [expect.objectContaining({ key: 'profile.sector', value: 'boulangerie' })],
      canEdit: false,
    });
    for (const who of [ACME.member, ACME.viewer]) {
      expect((await ask(who, { op: 'memory.set', key: 'profile.sector', value: 'pirates' })).status).toBe(
        403,
      );
      expect((await ask(who, { op: 'memory.forget', key: 'profile.sector' })).status).toBe(403);
    }
    const [kept] = await h.db
      .admin`select value from tenant_memory where tenant_id = 'acme' and key = 'profile.sector'`;
    expect(kept!.value).toBe('boulangerie');
    expect(
      (await ask(ACME.admin, { op: 'memory.set', key: 'profile.tone', value: 'chaleureux' })).status,
    ).toBe(200);
    expect((await ask(ACME.owner, { op: 'memory.forget', key: 'profile.sector' })).status).toBe(200);
    expect((await ask(ACME.owner, { op: 'memory.forget', key: 'profile.sector' })).status).toBe(404);
    const entries = (await ask(ACME.member, { op: 'memory' })).body as { entries: Array<{ key: string }> };
    expect(entries.entries.map((e) => e.key)).toEqual(['profile.tone']);
    const audit = await h.db.admin`
      select actor, action, target_id from max_logs where tenant_id = 'acme' and target_entity = 'TenantMemory' order by id`;
    expect(audit.map((a) => [a.actor, a.action, a.target_id])).toEqual([
      [`user:${ACME.admin}`, 'memory_set', 'profile.tone'],
      [`user:${ACME.owner}`, 'memory_delete', 'profile.sector'],
    ]);
    const [beta] = await h.db.admin`select value from tenant_memory where tenant_id = 'beta'`;
    expect(beta!.value).toBe('beta-only');
  });

  it('a person of tenant A never reads or writes tenant B, whatever tenant their claims name', async () => {
    const forged = { ...claims.get(ACME.admin)!, tenant_id: 'beta', tenant_role: 'admin' };
    for (const op of ['me', 'activity', 'team', 'pending'])
      expect([op, (await ask(ACME.admin, { op }, forged)).status]).toEqual([op, 403]);
    expect((await ask(ACME.admin, { op: 'memory' }, forged)).body).toEqual({ entries: [], canEdit: false });
    expect(
      (await ask(ACME.admin, { op: 'memory.set', key: 'profile.sector', value: 'x' }, forged)).status,
    ).toBe(403);
    const [beta] = await h.db.admin`select value from tenant_memory where tenant_id = 'beta'`;
    expect(beta!.value).toBe('beta-only');
    // Beta's admin sees beta only.
    const theirs = rows(await ask(BETA.admin, { op: 'activity', limit: 100 }));
    expect(theirs.map((r) => r.actor)).toEqual(['beta-secret-actor']);
  });

  it('a person of no tenant, or whose membership was removed, gets nothing', async () => {
    expect(claims.get(NOBODY)!.tenant_id).toBeUndefined();
    expect((await ask(NOBODY, { op: 'me' })).status).toBe(400);
    const stale = claims.get(ACME.viewer)!;
    await h.db.admin`delete from tenant_members where tenant_id = 'acme' and user_id = ${ACME.viewer}`;
    expect((await ask(ACME.viewer, { op: 'me' }, stale)).status).toBe(403);
    expect((await ask(ACME.viewer, { op: 'memory' }, stale)).body).toEqual({ entries: [], canEdit: false });
  });

  it('invalid requests are 400 before any SQL', async () => {
    for (const request of [
      { op: 'memory.set', key: 'Bad Key', value: 'x' },
      { op: 'memory.set', key: 'profile.x', value: 'x'.repeat(501) },
      { op: 'activity', limit: 1000 },
      { op: 'activity', from: '1 jan' },
      { op: 'drop_tables' },
    ])
      expect((await ask(ACME.admin, request)).status).toBe(400);
  });
});
