import { type AuthAdmin, handleAgentRequest, type PipelineResponse, signInternal } from '@max/core';
import { mintAccessToken } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_SECRET, type Harness, startHarness } from '../agent/pipeline/harness.ts';

/**
 * The console's admin API beyond reading: usage against the plan, health, the team's changes
 * (numbers and web members, invitations) and the tenant switch, each run as the signed-in person,
 * so the database's definer functions decide who may. People of two tenants try to go past their
 * role and their tenant.
 */
const user = (n: number) => `7d1e2f3a-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ACME = { owner: user(1), admin: user(2), member: user(3), viewer: user(4) };
const BETA = { admin: user(11) };
/** A person of both tenants (member of acme, admin of beta). */
const BOTH = user(21);
const ISSUER = 'http://127.0.0.1:9703/auth/v1';
const SECRET = 'console-team-secret-0123456789abcdef0123';

describe('console API: the team, usage, health and the tenant switch', () => {
  let h: Harness;
  let n = 0;
  const invites: Array<{ email: string; redirectTo: string }> = [];
  const invited = new Map<string, string>();
  const authAdmin: AuthAdmin = {
    async invite(email, redirectTo) {
      invites.push({ email, redirectTo });
      const known = invited.get(email);
      if (known) return { userId: known, invited: false };
      const id = user(100 + invited.size);
      invited.set(email, id);
      return { userId: id, invited: true };
    },
  };

  beforeAll(async () => {
    h = await startHarness();
    h.deps.authAdmin = authAdmin;
    for (const [id, n] of [
      ['acme', 91],
      ['beta', 92],
    ] as const)
      await h.seedTenant({ id, idInstance: `11010000${n}`, crmUrl: h.espo.url, admin: `336000000${n}@c.us` });
    const members: Array<[string, string, string]> = [
      ...Object.entries(ACME).map(([role, id]) => ['acme', id, role] as [string, string, string]),
      ['beta', BETA.admin, 'admin'],
      ['acme', BOTH, 'member'],
      ['beta', BOTH, 'admin'],
    ];
    for (const [, id] of members)
      await h.db
        .admin`insert into auth.users (id, email) values (${id}, ${`${id}@x.test`}) on conflict do nothing`;
    for (const [tenant, id, role] of members)
      await h.db
        .admin`insert into tenant_members (tenant_id, user_id, role) values (${tenant}, ${id}, ${role})`;
    await h.db.admin`update tenants set plan_id = 'leads-1000' where id = 'acme'`;
    await h.db.admin`
      insert into tenant_usage (tenant_id, day, messages_in, leads_created, new_month_users)
      values ('acme', '2026-12-02', 40, 12, 2), ('acme', '2026-12-05', 10, 3, 1), ('acme', '2026-11-30', 99, 99, 9),
             ('beta', '2026-12-02', 777, 777, 7)`;
    await h.db.admin`
      insert into tenant_health (tenant_id, checked_at, status, components, messages_last_hour, failed_last_hour,
                                 dead_letters_last_hour, outbox_backlog)
      values ('acme', now(), 'degraded', '{"crm": {"ok": false, "detail": "CRM answered 503"}, "whatsapp": {"ok": true, "detail": "authorized"}}', 5, 1, 0, 2),
             ('beta', now(), 'down', '{"crm": {"ok": false, "detail": "beta-secret"}}', 0, 0, 0, 0)`;
    await h.db.admin`
      insert into health_incidents (tenant_id, component, opened_at, detail)
      values ('acme', 'crm', now() - interval '1 hour', 'CRM answered 503'), ('beta', 'crm', now(), 'beta-secret')`;
  });
  afterAll(() => h.close());

  /** The person's current token (minted through the access token hook, as Supabase Auth would). */
  const claimsOf = async (who: string) =>
    (await mintAccessToken(h.db.admin, { userId: who, issuer: ISSUER, secret: SECRET })).claims;
  const ask = async (
    who: string | Record<string, unknown>,
    request: Record<string, unknown>,
  ): Promise<PipelineResponse> => {
    const claims = typeof who === 'string' ? await claimsOf(who) : who;
    const body = JSON.stringify({ v: 1, kind: 'console', requestId: `team-${++n}`, claims, request });
    return handleAgentRequest(h.deps, {
      headers: new Headers(await signInternal(AGENT_SECRET, body, new Date())),
      body,
    });
  };

  it('usage: owners and admins see the month against their plan, their tenant only; others are refused', async () => {
    const r = await ask(ACME.admin, { op: 'usage', month: '2026-12' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      month: '2026-12',
      plan: { id: 'leads-1000', limits: { leads_created: 1000 } },
      used: { messages_in: 50, leads_created: 15, active_users: 3 },
    });
    const beta = await ask(BETA.admin, { op: 'usage', month: '2026-12' });
    expect(beta.body).toMatchObject({ plan: null, used: { messages_in: 777 } });
    for (const who of [ACME.member, ACME.viewer]) expect((await ask(who, { op: 'usage' })).status).toBe(403);
  });

  it('health: the current state and incidents of the own tenant, for owners and admins', async () => {
    const r = await ask(ACME.owner, { op: 'health' });
    expect(r.status).toBe(200);
    const body = r.body as { current: Record<string, unknown>; incidents: Array<Record<string, unknown>> };
    expect(body.current).toMatchObject({
      status: 'degraded',
      crmOk: false,
      crm: 'CRM answered 503',
      outboxBacklog: 2,
    });
    expect(body.incidents).toEqual([
      expect.objectContaining({ component: 'crm', open: true, detail: 'CRM answered 503' }),
    ]);
    expect(JSON.stringify(body)).not.toContain('beta-secret');
    expect((await ask(ACME.viewer, { op: 'health' })).status).toBe(403);
  });

  it('WhatsApp numbers: an admin adds one (read in the tenant country) and removes it, audited; a member cannot', async () => {
    const add = await ask(ACME.admin, {
      op: 'sender.set',
      phone: '06 12 34 56 78',
      role: 'member',
      name: 'Léa',
    });
    expect(add.status).toBe(200);
    expect(add.body).toEqual({
      sender: { chatId: '33612345678@c.us', role: 'member', phone: '+33612345678' },
    });
    expect((await ask(ACME.member, { op: 'sender.set', phone: '0611111111', role: 'admin' })).status).toBe(
      403,
    );
    expect((await ask(ACME.viewer, { op: 'sender.remove', phone: '0612345678' })).status).toBe(403);
    // Beta's admin names acme's number: only beta's team is touched (there is no such number there).
    expect((await ask(BETA.admin, { op: 'sender.remove', phone: '+33612345678' })).status).toBe(404);
    expect((await ask(ACME.admin, { op: 'sender.set', phone: '12', role: 'member' })).status).toBe(400);
    expect((await ask(ACME.admin, { op: 'sender.remove', phone: '+33 6 12 34 56 78' })).status).toBe(200);
    const left = await h.db
      .admin`select chat_id from whatsapp_senders where tenant_id = 'acme' order by chat_id`;
    expect(left.map((s) => s.chat_id)).toEqual(['33600000091@c.us']);
    const audit = await h.db.admin`
      select actor, action from max_logs where tenant_id = 'acme' and action like 'team.sender%' order by id`;
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      [`user:${ACME.admin}`, 'team.sender_set'],
      [`user:${ACME.admin}`, 'team.sender_remove'],
    ]);
    expect(
      JSON.stringify(await h.db.admin`select detail from max_logs where action like 'team.%'`),
    ).not.toContain('3361234');
  });

  it('invitations: an admin invites an address into a role; a member or viewer never reaches Supabase Auth', async () => {
    for (const who of [ACME.member, ACME.viewer])
      expect(
        (
          await ask(who, {
            op: 'member.invite',
            email: 'x@new.test',
            role: 'member',
            redirectTo: 'http://c.test/',
          })
        ).status,
      ).toBe(403);
    expect(
      (
        await ask(ACME.admin, {
          op: 'member.invite',
          email: 'boss@new.test',
          role: 'owner',
          redirectTo: 'http://c.test/',
        })
      ).status,
    ).toBe(403);
    expect(invites).toEqual([]);
    const r = await ask(ACME.admin, {
      op: 'member.invite',
      email: 'Lea@New.test',
      role: 'viewer',
      redirectTo: 'http://c.test/',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ invited: true, member: { role: 'viewer', email: 'lea@new.test' } });
    expect(invites).toEqual([{ email: 'lea@new.test', redirectTo: 'http://c.test/' }]);
    const [m] = await h.db
      .admin`select role from tenant_members where tenant_id = 'acme' and user_id = ${invited.get('lea@new.test')!}`;
    expect(m!.role).toBe('viewer');
  });

  it('web members: an admin changes a role and removes a member, whose next request is refused at once', async () => {
    expect((await ask(ACME.admin, { op: 'member.set', userId: ACME.viewer, role: 'member' })).status).toBe(
      200,
    );
    // The owner role is the owners' to give; nobody changes or removes themselves.
    expect((await ask(ACME.admin, { op: 'member.set', userId: ACME.viewer, role: 'owner' })).status).toBe(
      403,
    );
    expect((await ask(ACME.admin, { op: 'member.remove', userId: ACME.owner })).status).toBe(403);
    expect((await ask(ACME.admin, { op: 'member.set', userId: ACME.admin, role: 'owner' })).status).toBe(403);
    expect((await ask(ACME.admin, { op: 'member.remove', userId: ACME.admin })).status).toBe(403);
    expect((await ask(ACME.member, { op: 'member.remove', userId: ACME.viewer })).status).toBe(403);
    // Beta's admin cannot remove acme's people (BOTH's beta membership is theirs to manage, acme's is not).
    expect((await ask(BETA.admin, { op: 'member.remove', userId: ACME.viewer })).status).toBe(404);

    const before = await claimsOf(ACME.viewer);
    expect((await ask(before, { op: 'me' })).status).toBe(200);
    expect((await ask(ACME.admin, { op: 'member.remove', userId: ACME.viewer })).status).toBe(200);
    // The same, still unexpired token: refused for everything, and nothing read.
    expect((await ask(before, { op: 'me' })).status).toBe(403);
    expect((await ask(before, { op: 'memory' })).body).toEqual({ entries: [], canEdit: false });
    expect((await ask(before, { op: 'tenants' })).body).toEqual({ tenants: [] });
    const audit = await h.db.admin`
      select action, target_id from max_logs where tenant_id = 'acme' and action like 'team.member%' order by id`;
    expect(audit.map((a) => a.action)).toEqual(['team.member_set', 'team.member_set', 'team.member_remove']);
  });

  it('a person of two tenants lists both and switches: the next token carries the chosen one', async () => {
    const first = await claimsOf(BOTH);
    expect(first.tenant_id).toBe('acme');
    const list = await ask(first, { op: 'tenants' });
    expect(list.body).toEqual({
      tenants: [
        { id: 'acme', name: 'acme', role: 'member', current: true },
        { id: 'beta', name: 'beta', role: 'admin', current: false },
      ].map((t) => expect.objectContaining({ id: t.id, role: t.role, current: t.current })),
    });
    expect((await ask(first, { op: 'usage' })).status).toBe(403);
    expect((await ask(first, { op: 'tenant.choose', tenantId: 'beta' })).status).toBe(200);
    const next = await claimsOf(BOTH);
    expect([next.tenant_id, next.tenant_role]).toEqual(['beta', 'admin']);
    expect((await ask(next, { op: 'usage' })).body).toMatchObject({ used: { messages_in: 777 } });
    // Nobody chooses a tenant they are not a member of.
    expect((await ask(ACME.admin, { op: 'tenant.choose', tenantId: 'beta' })).status).toBe(403);
    expect((await claimsOf(ACME.admin)).tenant_id).toBe('acme');
  });

  it('invalid team requests are 400 before any SQL', async () => {
    for (const request of [
      { op: 'sender.set', phone: 'javascript:alert(1)', role: 'member' },
      { op: 'sender.set', phone: '0612345678', role: 'owner' },
      { op: 'member.set', userId: 'not-a-uuid', role: 'member' },
      { op: 'member.invite', email: 'nope', role: 'member', redirectTo: 'http://c.test/' },
      { op: 'tenant.choose', tenantId: 'Beta Corp' },
      { op: 'usage', month: '2026-13' },
    ])
      expect((await ask(ACME.admin, request)).status).toBe(400);
  });
});
