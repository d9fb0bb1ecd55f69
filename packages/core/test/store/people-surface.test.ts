import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from './postgrest.ts';
import {
  asClaims,
  MEMBERS,
  type MemberRole,
  OUTSIDER,
  personClaims,
  SHARED_CHAT,
  seedTwoTenants,
} from './seed.ts';

/**
 * What a signed-in person of alpha can do through Supabase's REST API (the statements PostgREST
 * runs, as `authenticated` with the token's claims): read by their role in tenant_members, write
 * nothing but the four narrow functions, which check that role in the database.
 */
describe('what signed-in people may read and write', () => {
  let db: TestDatabase;
  const ROLES: MemberRole[] = ['owner', 'admin', 'member', 'viewer'];
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
  });
  afterAll(() => db.close());

  const read = async (table: string, role: MemberRole) => {
    const r = await rest(db.sql, personClaims('alpha', role), { method: 'GET', path: `/rest/v1/${table}` });
    return r.status === 200 ? r.rows.length : r.status;
  };

  it('reads: every member reads the tenant, team, senders, memory, audit, messages and replies; owners and admins also the conversations, confirmations and tool results; nobody the secrets', async () => {
    const matrix: Record<string, Record<MemberRole, number | 'rows'>> = {};
    for (const table of [
      'tenants',
      'tenant_members',
      'whatsapp_senders',
      'inbound_messages',
      'tenant_memory',
      'max_logs',
      'outbox',
      'sessions',
      'pending_actions',
      'tool_calls',
      'tenant_secrets',
    ]) {
      matrix[table] = {} as Record<MemberRole, number | 'rows'>;
      for (const role of ROLES) {
        const n = await read(table, role);
        matrix[table][role] = typeof n === 'number' && n > 0 && n < 100 ? 'rows' : n;
      }
    }
    const all = { owner: 'rows', admin: 'rows', member: 'rows', viewer: 'rows' };
    const admins = { owner: 'rows', admin: 'rows', member: 0, viewer: 0 };
    expect(matrix).toEqual({
      tenants: all,
      tenant_members: all,
      whatsapp_senders: all,
      inbound_messages: all,
      tenant_memory: all,
      max_logs: all,
      outbox: all,
      sessions: admins,
      pending_actions: admins,
      tool_calls: admins,
      tenant_secrets: { owner: 403, admin: 403, member: 403, viewer: 403 },
    });
  });

  it('no table or view of public is writable by any person, whatever their role: refused, nothing changed', async () => {
    const tables = await db.admin`
      select c.relname as t, c.relkind as kind,
             (select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum > 0
               and not a.attisdropped and a.attidentity = '' order by a.attnum limit 1) as col
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v')`;
    expect(tables.length).toBeGreaterThanOrEqual(16);
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          tables.map(async ({ t }) => [
            t,
            (
              await db.admin.unsafe(
                `select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from public.${t} x`,
              )
            )[0]!.h,
          ]),
        ),
      );
    const before = await snapshot();
    for (const role of ROLES)
      for (const { t, kind, col } of tables) {
        const claims = personClaims('alpha', role);
        const tries = [
          await rest(db.sql, claims, {
            method: 'POST',
            path: `/rest/v1/${t}`,
            body: { [col]: null },
            commit: true,
          }),
          await rest(db.sql, claims, {
            method: 'PATCH',
            path: `/rest/v1/${t}`,
            body: { [col]: null },
            commit: true,
          }),
          await rest(db.sql, claims, { method: 'DELETE', path: `/rest/v1/${t}`, commit: true }),
        ];
        // Tables: no privilege (403). The dashboard views aggregate: not writable by anyone.
        const expected = kind === 'r' ? ['42501', '42501', '42501'] : ['55000', '55000', '55000'];
        expect({ role, t, refused: tries.map((r) => r.code) }).toEqual({ role, t, refused: expected });
      }
    expect(await snapshot()).toEqual(before);
  });

  it('tenant memory: owners and admins change it through set_tenant_memory / forget_tenant_memory; members, viewers and outsiders are refused', async () => {
    const set = (claims: Record<string, unknown>, key: string, value: string) =>
      rest(db.sql, claims, {
        method: 'POST',
        path: '/rest/v1/rpc/set_tenant_memory',
        body: { p_key: key, p_value: value },
        commit: true,
      });
    expect((await set(personClaims('alpha', 'admin'), 'pref.1', 'tutoiement')).status).toBe(200);
    expect((await set(personClaims('alpha', 'owner'), 'pref.2', 'vouvoiement')).status).toBe(200);
    for (const claims of [
      personClaims('alpha', 'member'),
      personClaims('alpha', 'viewer'),
      { ...personClaims('alpha', 'admin'), sub: OUTSIDER },
      // An admin of beta with a token naming alpha: the database knows better.
      { ...personClaims('beta', 'admin'), tenant_id: 'alpha' },
    ])
      expect((await set(claims, 'pref.3', 'planted')).status).toBe(403);
    // The database's limits hold on this path too (a malformed key, an empty value).
    expect((await set(personClaims('alpha', 'admin'), 'Bad Key', 'x')).status).toBe(400);
    expect((await set(personClaims('alpha', 'admin'), 'pref.4', '')).status).toBe(400);
    const forget = await rest(db.sql, personClaims('alpha', 'viewer'), {
      method: 'POST',
      path: '/rest/v1/rpc/forget_tenant_memory',
      body: { p_key: 'pref.1' },
      commit: true,
    });
    expect(forget.status).toBe(403);
    expect(
      await db.admin`select tenant_id, key, value from tenant_memory where key like 'pref.%' order by key`,
    ).toEqual([
      { tenant_id: 'alpha', key: 'pref.1', value: 'tutoiement' },
      { tenant_id: 'alpha', key: 'pref.2', value: 'vouvoiement' },
    ]);
    const gone = await rest(db.sql, personClaims('alpha', 'admin'), {
      method: 'POST',
      path: '/rest/v1/rpc/forget_tenant_memory',
      body: { p_key: 'pref.2' },
      commit: true,
    });
    expect(gone).toMatchObject({ status: 200, rows: [{ result: true }] });
  });

  it('opt-out: a member changes only their own WhatsApp number’s, in their tenant, audited; a person without a number changes nothing', async () => {
    await db.admin`insert into whatsapp_senders (tenant_id, chat_id, role, user_id)
                   values ('alpha', '33677777777@c.us', 'member', ${MEMBERS.alpha.member}),
                          ('beta', '33677777777@c.us', 'member', ${MEMBERS.beta.member})`;
    const optOut = (claims: Record<string, unknown>, value: boolean) =>
      rest(db.sql, claims, {
        method: 'POST',
        path: '/rest/v1/rpc/set_my_opt_out',
        body: { p_opted_out: value },
        commit: true,
      });
    expect(await optOut(personClaims('alpha', 'member'), true)).toMatchObject({
      status: 200,
      rows: [{ result: 1 }],
    });
    expect(await optOut(personClaims('alpha', 'viewer'), true)).toMatchObject({
      status: 200,
      rows: [{ result: 0 }],
    });
    expect((await optOut({ ...personClaims('alpha', 'member'), sub: OUTSIDER }, true)).status).toBe(403);
    expect((await optOut(personClaims('alpha', 'member'), null as unknown as boolean)).status).toBe(400);
    expect(
      await db.admin`select tenant_id, chat_id, opted_out from whatsapp_senders where opted_out order by tenant_id`,
    ).toEqual([{ tenant_id: 'alpha', chat_id: '33677777777@c.us', opted_out: true }]);
    const [audit] = await db.admin`select actor, action, detail from max_logs where action = 'opt_out'`;
    expect(audit).toEqual({
      actor: `user:${MEMBERS.alpha.member}`,
      action: 'opt_out',
      detail: { via: 'sql', senders: 1 },
    });
    expect(SHARED_CHAT).not.toBe('33677777777@c.us');
  });

  it('choose_tenant: a person in two tenants picks the one their next token carries; never one they are not a member of', async () => {
    await db.admin`insert into tenant_members (tenant_id, user_id, role) values ('beta', ${MEMBERS.alpha.viewer}, 'admin')`;
    const choose = (tenant: string) =>
      rest(db.sql, personClaims('alpha', 'viewer'), {
        method: 'POST',
        path: '/rest/v1/rpc/choose_tenant',
        body: { p_tenant: tenant },
        commit: true,
      });
    expect(await choose('beta')).toMatchObject({ status: 200, rows: [{ result: 'beta' }] });
    expect((await choose('gamma')).status).toBe(403);
    const mine = await asClaims(
      db.sql,
      'authenticated',
      personClaims('alpha', 'viewer'),
      (tx) => tx`select user_id, tenant_id from user_tenant_choice`,
    );
    expect(mine).toEqual([{ user_id: MEMBERS.alpha.viewer, tenant_id: 'beta' }]);
    // Someone else's choice is not theirs to see.
    const others = await asClaims(
      db.sql,
      'authenticated',
      personClaims('alpha', 'owner'),
      (tx) => tx`select count(*)::int as n from user_tenant_choice`,
    );
    expect(others).toEqual([{ n: 0 }]);
  });
});
