import { verifySupabaseJwt } from '@max/core/auth';
import { createTestDatabase, mintAccessToken, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from './postgrest.ts';
import { asClaims, MEMBERS, OUTSIDER, seedTwoTenants } from './seed.ts';

/**
 * The access token hook (public.custom_access_token_hook), called the way Supabase Auth calls it
 * (as supabase_auth_admin, through the local stand-in's token minting): which tenant and role a
 * person's token carries, and that what it carries is only ever a hint the database re-checks.
 */
describe('the access token hook', () => {
  let db: TestDatabase;
  const ISSUER = 'http://127.0.0.1:9100/auth/v1';
  const SECRET = 'i18-test-jwt-secret-0123456789abcdef0123';
  const mint = (userId: string, extraClaims?: Record<string, unknown>) =>
    mintAccessToken(db.admin, {
      userId,
      issuer: ISSUER,
      secret: SECRET,
      ...(extraClaims ? { extraClaims } : {}),
    });
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
  });
  afterAll(() => db.close());

  it('a member of one tenant gets that tenant and their role there; the token verifies as Supabase’s', async () => {
    const { token, claims } = await mint(MEMBERS.alpha.viewer);
    expect(claims).toMatchObject({
      sub: MEMBERS.alpha.viewer,
      role: 'authenticated',
      tenant_id: 'alpha',
      tenant_role: 'viewer',
    });
    const verified = await verifySupabaseJwt(token, { issuer: ISSUER, hs256Secret: SECRET }, new Date());
    expect(verified).toMatchObject({ tenant_id: 'alpha', tenant_role: 'viewer' });
    // Those claims, as the REST API sets them, read alpha's rows and no other tenant's.
    const tenants = await rest(db.sql, verified, { method: 'GET', path: '/rest/v1/tenants' });
    expect(tenants.rows.map((r) => (r as { row: { id: string } }).row.id)).toEqual(['alpha']);
  });

  it('a person of no tenant gets no tenant claim, and tenant claims that came in are replaced, never passed on', async () => {
    const none = await mint(OUTSIDER, { tenant_id: 'alpha', tenant_role: 'owner' });
    expect(none.claims).not.toHaveProperty('tenant_id');
    expect(none.claims).not.toHaveProperty('tenant_role');
    const planted = await mint(MEMBERS.beta.member, { tenant_id: 'alpha', tenant_role: 'owner' });
    expect(planted.claims).toMatchObject({ tenant_id: 'beta', tenant_role: 'member' });
    // Every other claim Supabase Auth requires is kept as it came.
    for (const k of [
      'iss',
      'aud',
      'exp',
      'iat',
      'sub',
      'role',
      'aal',
      'session_id',
      'email',
      'phone',
      'is_anonymous',
    ])
      expect(planted.claims).toHaveProperty(k);
  });

  it('a person in two tenants gets their oldest membership until they choose; the choice goes when the membership goes', async () => {
    const both = '11111111-0000-4000-8000-000000000002';
    await db.admin`insert into tenant_members (tenant_id, user_id, role, created_at) values
                     ('beta', ${both}, 'admin', now() - interval '2 days'), ('alpha', ${both}, 'viewer', now() - interval '1 day')`;
    expect((await mint(both)).claims).toMatchObject({ tenant_id: 'beta', tenant_role: 'admin' });
    const chosen = await rest(db.sql, (await mint(both)).claims, {
      method: 'POST',
      path: '/rest/v1/rpc/choose_tenant',
      body: { p_tenant: 'alpha' },
      commit: true,
    });
    expect(chosen.status).toBe(200);
    expect((await mint(both)).claims).toMatchObject({ tenant_id: 'alpha', tenant_role: 'viewer' });
    await db.admin`delete from tenant_members where tenant_id = 'alpha' and user_id = ${both}`;
    expect(await db.admin`select 1 from user_tenant_choice where user_id = ${both}`).toHaveLength(0);
    expect((await mint(both)).claims).toMatchObject({ tenant_id: 'beta', tenant_role: 'admin' });
  });

  it('a token still naming a tenant after the membership was removed reads nothing there (the database asks tenant_members)', async () => {
    const gone = '11111111-0000-4000-8000-000000000003';
    await db.admin`insert into tenant_members (tenant_id, user_id, role) values ('alpha', ${gone}, 'owner')`;
    const { claims } = await mint(gone);
    expect(
      (await rest(db.sql, claims, { method: 'GET', path: '/rest/v1/tenant_memory' })).rows.length,
    ).toBeGreaterThan(0);
    await db.admin`delete from tenant_members where user_id = ${gone}`;
    for (const table of ['tenants', 'tenant_memory', 'max_logs', 'sessions'])
      expect({
        table,
        rows: (await rest(db.sql, claims, { method: 'GET', path: `/rest/v1/${table}` })).rows,
      }).toEqual({
        table,
        rows: [],
      });
  });

  it('only Supabase Auth (supabase_auth_admin) may run it: anon, authenticated and the agent are refused', async () => {
    const event = JSON.stringify({ user_id: MEMBERS.alpha.owner, claims: { sub: MEMBERS.alpha.owner } });
    for (const role of ['anon', 'authenticated', 'max_agent']) {
      const code = await asClaims(db.sql, role, null, async (tx) => {
        try {
          await tx`select public.custom_access_token_hook(${event}::text::jsonb)`;
          return 'ran';
        } catch (e) {
          return (e as { code?: string }).code;
        }
      });
      expect({ role, code }).toEqual({ role, code: '42501' });
    }
  });
});
