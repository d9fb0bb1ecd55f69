import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from './postgrest.ts';
import {
  agentClaims,
  asClaims,
  type MemberRole,
  OPERATOR_TABLES,
  personClaims,
  seedTwoTenants,
} from './seed.ts';

/**
 * The operator's side (keys, their audit, idempotency, health, incidents, alerts, rotations, plans,
 * usage) is nobody else's: the agent's units of work and signed-in people are refused every table,
 * but a tenant's owners and admins read their own usage — never another tenant's.
 */
describe("the operator's tables", () => {
  let db: TestDatabase;
  const ROLES: MemberRole[] = ['owner', 'admin', 'member', 'viewer'];
  const EVERY = [
    ...OPERATOR_TABLES,
    'operator_keys',
    'operator_requests',
    'plans',
    'tenant_health_overview',
    'usage_daily',
    'usage_monthly',
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
    for (const t of ['alpha', 'beta']) {
      const [i] = await db.admin`
        insert into health_incidents (tenant_id, component, detail) values (${t}, 'crm', ${`${t} down`}) returning id`;
      await db.admin`
        insert into tenant_health (tenant_id, checked_at, status, components, messages_last_hour, failed_last_hour,
                                   dead_letters_last_hour, outbox_backlog)
        values (${t}, now(), 'down', '{}'::jsonb, 1, 0, 0, 0)`;
      await db.admin`
        insert into operator_alerts (alert_key, tenant_id, incident_id, kind, payload)
        values (${`health:${i!.id}:opened`}, ${t}, ${i!.id}, 'opened', '{"text":"x"}'::jsonb)`;
      await db.admin`insert into credential_rotations (tenant_id, service, state, actor) values (${t}, 'crm', 'refused', 'cli:x')`;
      await db.admin`insert into operator_audit (via, actor, action, tenant_id, result) values ('cli', 'cli:x', 'tenant.get', ${t}, 'ok')`;
    }
    await db.admin`insert into operator_keys (id, name, key_hash, scopes, created_by)
                   values ('0123456789ab', 'k', ${'0'.repeat(64)}, '{tenants:read}', 'cli:x')`;
    await db.admin`insert into operator_requests (actor, idempotency_key, action, request_digest) values ('key:x', 'k1', 'tenant.create', 'd')`;
    // Usage comes from the metering triggers: one more message each (the seed wrote one), same sender.
    for (const t of ['alpha', 'beta'])
      await db.admin`
        insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status)
        values (${t}, ${`USAGE-${t}`}, '33611111111@c.us', '33611111111@c.us', 'textMessage', 'received')`;
  });
  afterAll(() => db.close());

  it("the agent's units of work (max_agent) are refused every operator table and view", async () => {
    for (const t of EVERY) {
      const code = await asClaims(db.sql, 'max_agent', agentClaims('alpha'), async (tx) => {
        try {
          await tx.unsafe(`select * from public.${t}`);
          return 'read';
        } catch (e) {
          return (e as { code?: string }).code;
        }
      });
      expect({ t, code }).toEqual({ t, code: '42501' });
    }
  });

  it("signed-in people are refused all of it but their usage, which a tenant's owners and admins read — their own only", async () => {
    for (const role of ROLES)
      for (const t of EVERY) {
        const r = await rest(db.sql, personClaims('alpha', role), { method: 'GET', path: `/rest/v1/${t}` });
        const usage = t === 'tenant_usage' || t === 'usage_daily' || t === 'usage_monthly';
        if (!usage) {
          expect({ role, t, status: r.status }).toEqual({ role, t, status: 403 });
          continue;
        }
        expect({ role, t, status: r.status }).toEqual({ role, t, status: 200 });
        const tenants = [...new Set(r.rows.map((x) => (x as { row: { tenant_id: string } }).row.tenant_id))];
        expect({ role, t, tenants }).toEqual({
          role,
          t,
          tenants: role === 'owner' || role === 'admin' ? ['alpha'] : [],
        });
      }
  });

  it('the metering counted each message in its own tenant, and nobody can change a count', async () => {
    const rows =
      await db.admin`select tenant_id, messages_in, active_users from tenant_usage order by tenant_id`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { tenant_id: 'alpha', messages_in: 2, active_users: 1 },
      { tenant_id: 'beta', messages_in: 2, active_users: 1 },
    ]);
    for (const role of ROLES) {
      const tries = [
        await rest(db.sql, personClaims('alpha', role), {
          method: 'PATCH',
          path: '/rest/v1/tenant_usage',
          body: { messages_in: 0 },
          commit: true,
        }),
        await rest(db.sql, personClaims('alpha', role), {
          method: 'DELETE',
          path: '/rest/v1/tenant_usage',
          commit: true,
        }),
      ];
      expect(tries.map((r) => r.status)).toEqual([403, 403]);
    }
    const after = await db.admin`select sum(messages_in)::int as n from tenant_usage`;
    expect(after[0]!.n).toBe(4);
  });
});
