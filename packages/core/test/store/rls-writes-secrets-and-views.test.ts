import { describe, expect, it } from 'vitest';
import { callers, db, outcome, useTwoTenants } from './rls-setup.ts';
import {
  AGENT_ONLY_TABLES,
  agentClaims,
  asClaims,
  OPERATOR_TABLES,
  personClaims,
  TENANT_TABLES,
} from './seed.ts';

/** Writes across tenants, secrets, audit rows, the catalog, the dashboard views and states the schema forbids. */
describe('row-level security between tenants', () => {
  useTwoTenants();

  it("inserting a row with beta's id is rejected, for the agent and a person alike", async () => {
    const attempts: Array<[string, string]> = [
      [
        'whatsapp_senders',
        `insert into whatsapp_senders (tenant_id, chat_id, role) values ('beta', '33699999999@c.us', 'admin')`,
      ],
      [
        'inbound_messages',
        `insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status) values ('beta', 'X', 'c', 'c', 't', 'done')`,
      ],
      ['sessions', `insert into sessions (tenant_id, chat_id) values ('beta', 'zz')`],
      ['tenant_memory', `insert into tenant_memory (tenant_id, key, value) values ('beta', 'k', 'v')`],
      [
        'pending_actions',
        `insert into pending_actions (tenant_id, chat_id, tool, args, args_digest, expires_at) values ('beta', 'c', 't', '{}', 'd', now() + interval '1 hour')`,
      ],
      ['max_logs', `insert into max_logs (tenant_id, actor, action, result) values ('beta', 'x', 'y', 'ok')`],
      [
        'outbox',
        `insert into outbox (tenant_id, chat_id, body, send_key) values ('beta', 'c', 'b', 'k-beta-x')`,
      ],
      [
        'tenant_secrets',
        `insert into tenant_secrets (tenant_id, name, key_id, ciphertext) values ('beta', 'other', 'k1', 'v1.a')`,
      ],
      [
        'tenants',
        `insert into tenants (id, name, green_api_instance_id, green_api_url, crm_base_url) values ('gamma', 'G', '1101000003', 'http://x', 'http://y')`,
      ],
    ];
    for (const [who, role, claims] of callers)
      for (const [table, stmt] of attempts) {
        const code = await asClaims(db.sql, role, claims, async (tx) => {
          try {
            await tx.unsafe(stmt);
            return 'inserted';
          } catch (e) {
            return (e as { code?: string }).code;
          }
        });
        // 42501: RLS "new row violates row-level security policy" or no INSERT privilege at all.
        expect({ who, table, code }).toEqual({ who, table, code: '42501' });
      }
  });

  it("another tenant's secrets are unreadable to the agent, and no role reads plaintext through SQL", async () => {
    const rows = await asClaims(
      db.sql,
      'max_agent',
      agentClaims('alpha'),
      (tx) => tx`select tenant_id, ciphertext from tenant_secrets`,
    );
    expect(rows.map((r) => r.tenant_id)).toEqual(['alpha']);
    const cols =
      await db.admin`select column_name from information_schema.columns where table_name = 'tenant_secrets' order by 1`;
    expect(cols.map((c) => c.column_name)).toEqual([
      'ciphertext',
      'key_id',
      'name',
      'tenant_id',
      'updated_at',
    ]);
    const plaintextCheck =
      await db.admin`select count(*)::int as n from tenant_secrets where ciphertext not like 'v1.%'`;
    expect(plaintextCheck[0]!.n).toBe(0);
    const decryptFns =
      await db.admin`select count(*)::int as n from pg_proc where proname ilike '%decrypt%' and pronamespace = 'public'::regnamespace`;
    expect(decryptFns[0]!.n).toBe(0);
  });

  it('audit rows cannot be updated or deleted by any application role, nor by the owner', async () => {
    const [before] = await db.admin`select count(*)::int as n from max_logs`;
    for (const [role, claims] of [
      ['anon', null],
      ['authenticated', personClaims('alpha', 'owner')],
      ['max_agent', agentClaims('alpha')],
      ['service_role', { role: 'service_role', tenant_id: 'alpha' }],
    ] as const) {
      for (const stmt of ['update max_logs set action = action', 'delete from max_logs']) {
        const refused = await asClaims(db.sql, role, claims, (tx) => outcome(() => tx.unsafe(stmt)));
        expect({ role, stmt, refused }).toEqual({ role, stmt, refused: '42501' });
      }
    }
    await expect(db.admin`update max_logs set action = 'tampered'`).rejects.toThrow(/append-only/);
    await expect(db.admin`delete from max_logs`).rejects.toThrow(/append-only/);
    const n = await db.admin`select count(*)::int as n from max_logs`;
    expect(n[0]!.n).toBe(before!.n);
    expect(before!.n).toBeGreaterThan(0);
  });

  it('service_role bypasses RLS (operators, instance lookup)', async () => {
    const n = await asClaims(
      db.sql,
      'service_role',
      { role: 'service_role' },
      async (tx) => (await tx`select count(*)::int as n from tenants`)[0]!.n,
    );
    expect(n).toBe(2);
  });

  it('the catalog: every public table with a tenant column, and tenants, has RLS enabled and forced', async () => {
    const rows = await db.admin`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'
         and (c.relname = 'tenants' or exists (
              select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))`;
    expect(rows.map((r) => r.relname).sort()).toEqual(
      [...TENANT_TABLES, ...OPERATOR_TABLES, ...AGENT_ONLY_TABLES, 'user_tenant_choice'].sort(),
    );
    for (const r of rows)
      expect({ table: r.relname, rls: r.relrowsecurity, forced: r.relforcerowsecurity }).toEqual({
        table: r.relname,
        rls: true,
        forced: true,
      });
  });

  it('dashboard views apply the caller’s RLS', async () => {
    const rows = await asClaims(
      db.sql,
      'authenticated',
      personClaims('alpha', 'viewer'),
      (tx) => tx`select tenant_id from tenant_activity_daily`,
    );
    expect(rows.map((r) => r.tenant_id)).toEqual(['alpha']);
    const all = await asClaims(
      db.sql,
      'service_role',
      { role: 'service_role' },
      (tx) => tx`select tenant_id from tenant_activity_daily order by 1`,
    );
    expect(all.map((r) => r.tenant_id)).toEqual(['alpha', 'beta']);
    for (const view of ['recent_failures', 'message_latency', 'leads_created']) {
      await asClaims(db.sql, 'authenticated', personClaims('alpha', 'viewer'), (tx) =>
        tx.unsafe(`select * from ${view}`),
      );
    }
  });

  it('bad states are unrepresentable', async () => {
    const bad = [
      `insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status) values ('alpha', 'MSG-alpha', 'c', 'c', 't', 'done')`,
      `insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status) values ('alpha', 'Z', 'c', 'c', 't', 'weird')`,
      // Who wrote is always known (the chat itself in a 1:1 chat).
      `insert into inbound_messages (tenant_id, id_message, chat_id, type_message, status) values ('alpha', 'Z', 'c', 't', 'done')`,
      // A claim or a lease far in the future would hold the chat: refused whoever writes.
      `insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status, claimed_at) values ('alpha', 'F1', 'c', 'c', 't', 'received', now() + interval '10 years')`,
      `insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status, lease_until) values ('alpha', 'F2', 'c', 'c', 't', 'processing', now() + interval '1 day')`,
      `update inbound_messages set started_at = now() + interval '1 hour' where id_message = 'MSG-alpha'`,
      // A reference to another tenant's message, even written by the owner past RLS.
      `insert into outbox (tenant_id, message_id, chat_id, body, send_key) select 'alpha', id, 'c', 'b', 'x-ref' from inbound_messages where tenant_id = 'beta'`,
      `insert into whatsapp_senders (chat_id, role) values ('33600000000@c.us', 'admin')`,
      `insert into whatsapp_senders (tenant_id, chat_id, role) values ('nope', '33600000000@c.us', 'admin')`,
      `insert into whatsapp_senders (tenant_id, chat_id, role) values ('alpha', 'not-a-chat', 'admin')`,
      // A sender linked to a person of another tenant.
      `insert into whatsapp_senders (tenant_id, chat_id, role, user_id) select 'alpha', '33600000001@c.us', 'member', user_id from tenant_members where tenant_id = 'beta' limit 1`,
      `insert into tenants (id, name, green_api_instance_id, green_api_url, crm_base_url, crm_mode) values ('shared-x', 'S', '1101000009', 'http://x', 'http://y', 'shared')`,
      `insert into tenant_secrets (tenant_id, name, key_id, ciphertext) values ('alpha', 'plain', 'k1', 'my-password')`,
      `insert into outbox (tenant_id, chat_id, body, send_key) values ('alpha', 'c', 'b', 'alpha:0')`,
    ];
    for (const stmt of bad) await expect(db.admin.unsafe(stmt), stmt).rejects.toThrow();
  });

  it('dashboard views compute leads per tenant and latency percentiles', async () => {
    await db.admin`
      insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status, received_at, processed_at)
      select 'alpha', 'LAT-' || i, 'c', 'c', 'textMessage', 'done', now() - interval '1 minute',
             now() - interval '1 minute' + make_interval(secs => i)
        from generate_series(1, 4) as i`;
    await db.admin`insert into max_logs (tenant_id, actor, action, result) values ('alpha', 'x', 'create_lead', 'reused')`;
    const [lat] = await asClaims(
      db.sql,
      'authenticated',
      personClaims('alpha', 'member'),
      (tx) =>
        tx`select messages::int as n, p50_ms::float as p50 from message_latency where tenant_id = 'alpha'`,
    );
    expect(lat).toEqual({ n: 4, p50: 2500 }); // 1, 2, 3, 4 s → median 2.5 s (the seeded row has no processed_at)
    const leads = await asClaims(
      db.sql,
      'service_role',
      { role: 'service_role' },
      (tx) => tx`select tenant_id, leads_created::int as n from leads_created order by 1`,
    );
    // One 'ok' create_lead per tenant was seeded; the 'reused' replay is not a second lead.
    expect(leads.map((r) => [r.tenant_id, r.n])).toEqual([
      ['alpha', 1],
      ['beta', 1],
    ]);
  });
});
