import { createMemoryLogger, createPostgresStore } from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asClaims, INSTANCES, SHARED_CHAT, seedTwoTenants, TENANT_TABLES } from './seed.ts';

/**
 * Tries to break tenant isolation in SQL, as the roles the application and Supabase use.
 * A = alpha's claim; every attempt on beta's rows must affect nothing.
 */
describe('row-level security between tenants', () => {
  let db: TestDatabase;
  const A = { role: 'authenticated', tenant_id: 'alpha' };
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
  });
  afterAll(() => db.close());

  const keyCol = (t: string) => (t === 'tenants' ? 'id' : 'tenant_id');

  for (const table of TENANT_TABLES) {
    describe(table, () => {
      it("sees only its own rows, never tenant B's", async () => {
        const rows = await asClaims(db.sql, 'authenticated', A, (tx) =>
          tx.unsafe(`select ${keyCol(table)} as t from public.${table}`),
        );
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => r.t === 'alpha')).toBe(true);
        const b = await asClaims(db.sql, 'authenticated', A, (tx) =>
          tx.unsafe(`select count(*)::int as n from public.${table} where ${keyCol(table)} = 'beta'`),
        );
        expect(b[0]!.n).toBe(0);
      });

      it("cannot update or delete tenant B's rows (0 rows or refused)", async () => {
        const col =
          table === 'tenants'
            ? 'name'
            : table === 'max_logs'
              ? 'action'
              : table === 'tenant_members'
                ? 'role'
                : 'tenant_id';
        const upd = await asClaims(db.sql, 'authenticated', A, async (tx) => {
          try {
            const r = await tx.unsafe(
              `update public.${table} set ${col} = ${col} where ${keyCol(table)} = 'beta'`,
            );
            return r.count;
          } catch (e) {
            return (e as { code?: string }).code; // permission denied is a refusal too
          }
        });
        expect([0, '42501']).toContain(upd);
        const del = await asClaims(db.sql, 'authenticated', A, async (tx) => {
          try {
            return (await tx.unsafe(`delete from public.${table} where ${keyCol(table)} = 'beta'`)).count;
          } catch (e) {
            return (e as { code?: string }).code;
          }
        });
        expect([0, '42501']).toContain(del);
        const still = await db.admin.unsafe(
          `select count(*)::int as n from public.${table} where ${keyCol(table)} = 'beta'`,
        );
        expect(still[0]!.n).toBeGreaterThan(0);
      });

      it('anon sees nothing', async () => {
        const res = await asClaims(db.sql, 'anon', null, async (tx) => {
          try {
            return (await tx.unsafe(`select count(*)::int as n from public.${table}`))[0]!.n;
          } catch (e) {
            return (e as { code?: string }).code;
          }
        });
        expect([0, '42501']).toContain(res);
      });

      it('without a tenant claim, authenticated sees nothing', async () => {
        const n = await asClaims(
          db.sql,
          'authenticated',
          { role: 'authenticated' },
          async (tx) => (await tx.unsafe(`select count(*)::int as n from public.${table}`))[0]!.n,
        );
        expect(n).toBe(0);
      });
    });
  }

  it("inserting a row with tenant B's id is rejected", async () => {
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
    for (const [table, stmt] of attempts) {
      const code = await asClaims(db.sql, 'authenticated', A, async (tx) => {
        try {
          await tx.unsafe(stmt);
          return 'inserted';
        } catch (e) {
          return (e as { code?: string }).code;
        }
      });
      // 42501: RLS "new row violates row-level security policy" or no INSERT privilege at all.
      expect({ table, code }).toEqual({ table, code: '42501' });
    }
  });

  it("another tenant's secrets are unreadable, and no role reads plaintext through SQL", async () => {
    const rows = await asClaims(
      db.sql,
      'authenticated',
      A,
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
    for (const role of ['anon', 'authenticated', 'service_role']) {
      for (const stmt of ['update max_logs set action = action', 'delete from max_logs']) {
        const claims = role === 'anon' ? null : { role, tenant_id: 'alpha' };
        const outcome = await asClaims(db.sql, role, claims, async (tx) => {
          try {
            const r = await tx.unsafe(stmt);
            return `affected ${r.count}`;
          } catch (e) {
            return (e as { code?: string }).code;
          }
        });
        expect({ role, stmt, outcome }).toEqual({ role, stmt, outcome: '42501' });
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
    expect(rows.length).toBe(TENANT_TABLES.length);
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
      A,
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
      await asClaims(db.sql, 'authenticated', A, (tx) => tx.unsafe(`select * from ${view}`));
    }
  });

  it('bad states are unrepresentable', async () => {
    const bad = [
      `insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status) values ('alpha', 'MSG-alpha', 'c', 'c', 't', 'done')`,
      `insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status) values ('alpha', 'Z', 'c', 'c', 't', 'weird')`,
      // Who wrote is always known (the chat itself in a 1:1 chat).
      `insert into inbound_messages (tenant_id, id_message, chat_id, type_message, status) values ('alpha', 'Z', 'c', 't', 'done')`,
      // A reference to another tenant's message, even written by the owner past RLS.
      `insert into outbox (tenant_id, message_id, chat_id, body, send_key) select 'alpha', id, 'c', 'b', 'x-ref' from inbound_messages where tenant_id = 'beta'`,
      `insert into whatsapp_senders (chat_id, role) values ('33600000000@c.us', 'admin')`,
      `insert into whatsapp_senders (tenant_id, chat_id, role) values ('nope', '33600000000@c.us', 'admin')`,
      `insert into whatsapp_senders (tenant_id, chat_id, role) values ('alpha', 'not-a-chat', 'admin')`,
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
      A,
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

  /** Runs one statement; its rows, or the refusal (SQLSTATE, message and detail) it got. */
  async function attempt(tx: Sql, stmt: string, params: Array<string | null> = []) {
    try {
      return { rows: await tx.unsafe(stmt, params) };
    } catch (e) {
      const err = e as { code?: string; message?: string; detail?: string };
      return { code: err.code, message: err.message, detail: err.detail };
    }
  }
  const betaMessage = async () =>
    String(
      (
        await db.admin`select id from inbound_messages where tenant_id = 'beta' and id_message = 'MSG-beta'`
      )[0]!.id,
    );

  describe('the units of work (max_* functions)', () => {
    const begin = (tenant: { instance: string } | { tenantId: string; channel: 'web'; userId: string }) =>
      JSON.stringify({
        ...tenant,
        idMessage: 'SEC-1',
        chatId: SHARED_CHAT,
        typeMessage: 'textMessage',
        requestId: 'r',
        content: { kind: 'text', text: 'x' },
      });
    const NOBODY = '00000000-0000-4000-8000-000000000000';
    const calls: Array<[string, string, Array<string | null>]> = [
      [
        'max_begin_turn',
        'select public.max_begin_turn($1::text::jsonb)',
        [begin({ instance: INSTANCES.alpha })],
      ],
      [
        'max_put_tool_result',
        `select public.max_put_tool_result('alpha', $1::uuid, 1, '{}'::jsonb, 1000)`,
        [NOBODY],
      ],
      ['max_heartbeat', `select public.max_heartbeat('alpha', $1::uuid, 1, 1000)`, [NOBODY]],
      ['max_fail_turn', `select public.max_fail_turn('alpha', $1::uuid, 1, 'e', false)`, [NOBODY]],
      [
        'max_commit_turn',
        'select public.max_commit_turn($1::text::jsonb)',
        [JSON.stringify({ tenantId: 'alpha', messageId: NOBODY, attempt: 1 })],
      ],
      ['max_take_outbox', `select public.max_take_outbox('alpha', null, 10, true)`, []],
      [
        'max_complete_send',
        `select public.max_complete_send('alpha', $1::uuid, '{"sent":true,"providerMessageId":"x"}')`,
        [NOBODY],
      ],
      [
        'max_dead_letter',
        'select public.max_dead_letter($1::text::jsonb)',
        [JSON.stringify({ instance: '0000000' })],
      ],
      ['max_active_instances', 'select public.max_active_instances()', []],
      ['max_tenant_context', `select public.max_tenant_context('alpha', null)`, []],
      ['max_enter', `select public.max_enter('alpha')`, []],
      ['max_instance_tenant', `select public.max_instance_tenant($1)`, [INSTANCES.alpha]],
    ];

    it('cannot be executed by anon or authenticated (permission denied); service_role can', async () => {
      for (const [fn, stmt, params] of calls) {
        for (const [role, claims] of [
          ['anon', null],
          ['authenticated', A],
        ] as const) {
          const r = await asClaims(db.sql, role, claims, (tx) => attempt(tx, stmt, params));
          expect({ fn, role, refused: 'code' in r ? [r.code, r.message] : 'executed' }).toEqual({
            fn,
            role,
            refused: ['42501', `permission denied for function ${fn}`],
          });
        }
        const ok = await asClaims(db.sql, 'service_role', { role: 'service_role' }, (tx) =>
          attempt(tx, stmt, params),
        );
        // It ran: a result, or its own refusal (a commit with no such attempt is fenced out: MX001).
        expect({ fn, code: 'code' in ok ? ok.code : 'executed' }).toEqual({
          fn,
          code: fn === 'max_commit_turn' ? 'MX001' : 'executed',
        });
      }
    });

    it('defense in depth: were EXECUTE granted by mistake, a tenant user still could not enter a tenant through them', async () => {
      for (const [fn, stmt, params] of calls) {
        const r = await db.sql
          .begin(async (tx) => {
            await tx.unsafe(`grant execute on all functions in schema public to authenticated`);
            await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify(A)}, true)`;
            const out = await attempt(tx as unknown as Sql, stmt, params);
            throw Object.assign(new Error('rollback'), { out });
          })
          .catch((e: { out?: unknown }) => e.out);
        expect({ fn, r }).toEqual({
          fn,
          r: { code: '42501', message: 'max units of work are not for tenant users', detail: undefined },
        });
      }
    });

    it('the catalog: no max_* function is executable by anon, nor by authenticated (but the two internal helpers)', async () => {
      const rows = await db.admin`
        select p.oid::regprocedure::text as fn,
               has_function_privilege('anon', p.oid, 'execute') as anon,
               has_function_privilege('authenticated', p.oid, 'execute') as authenticated
          from pg_proc p
         where p.pronamespace = 'public'::regnamespace and p.proname like 'max\_%'
           and p.prorettype <> 'trigger'::regtype`;
      expect(rows.length).toBeGreaterThanOrEqual(calls.length);
      for (const r of rows) {
        const internal =
          r.fn.startsWith('max_take_outbox_rows(') || r.fn.startsWith('max_release_followers(');
        expect(r).toEqual({ fn: r.fn, anon: false, authenticated: internal });
      }
    });

    it("a caller already carrying tenant A's claim cannot use them for tenant B: an error, nothing read or written", async () => {
      const m = await betaMessage();
      const [outbox] = await db.admin`select id from outbox where tenant_id = 'beta'`;
      const [user] = await db.admin`select user_id from tenant_members where tenant_id = 'beta'`;
      const forB: Array<[string, Array<string | null>]> = [
        ['select public.max_begin_turn($1::text::jsonb)', [begin({ instance: INSTANCES.beta })]],
        [
          'select public.max_begin_turn($1::text::jsonb)',
          [begin({ tenantId: 'beta', channel: 'web', userId: String(user!.user_id) })],
        ],
        [
          `select public.max_put_tool_result('beta', $1::uuid, 1, '{"callIndex":9,"tool":"t","argsDigest":"d","ok":true}', 1000)`,
          [m],
        ],
        [`select public.max_heartbeat('beta', $1::uuid, 1, 1000)`, [m]],
        [`select public.max_fail_turn('beta', $1::uuid, 1, 'e', true)`, [m]],
        [
          'select public.max_commit_turn($1::text::jsonb)',
          [JSON.stringify({ tenantId: 'beta', messageId: m, attempt: 1, status: 'done' })],
        ],
        [`select public.max_take_outbox('beta', null, 10, false)`, []],
        [
          `select public.max_complete_send('beta', $1::uuid, '{"sent":false,"permanent":true}')`,
          [String(outbox!.id)],
        ],
        [
          'select public.max_dead_letter($1::text::jsonb)',
          [
            JSON.stringify({
              instance: INSTANCES.beta,
              idMessage: 'MSG-beta',
              chatId: SHARED_CHAT,
              reason: 'x',
              notice: 'n',
            }),
          ],
        ],
        [`select public.max_tenant_context('beta', null)`, []],
      ];
      const snapshot = () => db.admin`
        select (select jsonb_agg(to_jsonb(m) order by id) from inbound_messages m where tenant_id = 'beta') as messages,
               (select jsonb_agg(to_jsonb(o) order by id) from outbox o where tenant_id = 'beta') as outbox,
               (select count(*) from tool_calls where tenant_id = 'beta')::int as tools`;
      const before = await snapshot();
      for (const role of ['service_role', 'none']) {
        // 'none': the owner itself (the agent's own connection) with a claim left for alpha.
        for (const [stmt, params] of forB) {
          const r = await asClaims(db.sql, role, { role: 'service_role', tenant_id: 'alpha' }, (tx) =>
            attempt(tx, stmt, params),
          );
          expect({ role, stmt, code: 'code' in r ? r.code : r.rows }).toEqual({ role, stmt, code: '42501' });
        }
      }
      expect(await snapshot()).toEqual(before);
    });

    it("results of a unit for tenant A never contain tenant B's rows (same chat id: sender, session, pending, memory, secrets, outbox)", async () => {
      const store = createPostgresStore({ sql: db.sql, logger: createMemoryLogger() });
      const r = await store.beginTurn({
        instance: INSTANCES.alpha,
        channel: 'whatsapp',
        idMessage: 'ISOLATION-1',
        chatId: SHARED_CHAT,
        senderId: SHARED_CHAT,
        sessionKey: SHARED_CHAT,
        typeMessage: 'textMessage',
        waTimestamp: 1_800_000_000,
        requestId: 'r',
        content: { kind: 'text', text: 'x' },
        leaseMs: 60_000,
        settleMs: 0,
        burstWindowMs: 0,
        burstMaxWaitMs: 0,
      });
      if (r.outcome !== 'claimed') throw new Error(`expected claimed, got ${r.outcome}`);
      expect(r.context).toMatchObject({
        tenant: { id: 'alpha' },
        sender: { chatId: SHARED_CHAT, displayName: 'alpha boss' },
        session: { turns: [{ text: 'alpha said' }], focus: { id: 'alpha-lead' } },
        pending: { args: { tenant: 'alpha' } },
        memory: { tone: 'alpha-formal' },
        secrets: [{ ciphertext: 'v1.k1.x.alpha.y.z' }],
      });
      expect(JSON.stringify(r)).not.toMatch(/beta/);
      expect(JSON.stringify(await store.tenantContext('alpha'))).not.toMatch(/beta/);
      const due = await store.takeOutbox('alpha', { limit: 100, dueOnly: false });
      expect(due.map((o) => o.sendKey)).toEqual(['alpha:0']);
      // B's own reply is still waiting for B.
      const [b] = await db.admin`select status, attempts from outbox where tenant_id = 'beta'`;
      expect(b).toEqual({ status: 'pending', attempts: 0 });
    });
  });

  describe('issue 11 item 13: references between tenant rows stay inside their tenant', () => {
    // Each attack, as a tenant user with alpha's claim, pointing one of alpha's rows at a message id.
    const attacks: Array<[string, string]> = [
      [
        'tool_calls',
        `insert into tool_calls (tenant_id, message_id, call_index, tool, args_digest, ok, result) values ('alpha', $1, 7, 't', 'd', true, '{}')`,
      ],
      [
        'outbox',
        `insert into outbox (tenant_id, message_id, chat_id, body, send_key) values ('alpha', $1, 'c', 'b', 'probe:' || gen_random_uuid())`,
      ],
      [
        'max_logs',
        `insert into max_logs (tenant_id, message_id, actor, action, result) values ('alpha', $1, 'x', 'probe', 'ok')`,
      ],
      [
        'inbound_messages.merged_into',
        `update inbound_messages set merged_into = $1 where tenant_id = 'alpha' and id_message = 'MSG-alpha'`,
      ],
    ];
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
    const shape = (r: { code?: string; message?: string; detail?: string }) => ({
      code: r.code,
      message: r.message?.replace(uuid, '<id>'),
      detail: r.detail?.replace(uuid, '<id>'),
    });

    for (const [target, stmt] of attacks) {
      it(`${target} pointing at tenant B's message is refused exactly like a nonexistent id; at A's own message it works`, async () => {
        const beta = await betaMessage();
        const own = await asClaims(db.sql, 'authenticated', A, async (tx) => {
          const [mine] = await tx`select id from inbound_messages where id_message = 'MSG-alpha'`;
          return attempt(tx, stmt, [String(mine!.id)]);
        });
        expect(own).toMatchObject({ rows: { count: 1 } });
        const atB = await asClaims(db.sql, 'authenticated', A, (tx) => attempt(tx, stmt, [beta]));
        const atNothing = await asClaims(db.sql, 'authenticated', A, (tx) =>
          attempt(tx, stmt, [crypto.randomUUID()]),
        );
        expect(atB).toMatchObject({ code: '23503' });
        expect(shape(atB)).toEqual(shape(atNothing));
      });
    }

    it("a row inserted with tenant B's message id as its own id is refused exactly like a fresh id (ids are the database's)", async () => {
      const beta = await betaMessage();
      const insert = `insert into inbound_messages (id, tenant_id, id_message, chat_id, sender_id, type_message, status)
                      values ($1, 'alpha', 'probe-' || gen_random_uuid(), 'c', 'c', 't', 'done')`;
      const atB = await asClaims(db.sql, 'authenticated', A, (tx) => attempt(tx, insert, [beta]));
      const atNothing = await asClaims(db.sql, 'authenticated', A, (tx) =>
        attempt(tx, insert, [crypto.randomUUID()]),
      );
      expect(atB).toMatchObject({ code: '42501' });
      expect(shape(atB)).toEqual(shape(atNothing));
    });

    it('a session-level request.jwt.claim / request.jwt.claim.tenant_id left on a connection chooses no tenant', async () => {
      const conn = await db.sql.reserve();
      try {
        await conn.unsafe(`set request.jwt.claim = '{"role":"authenticated","tenant_id":"beta"}'`);
        await conn.unsafe(`set request.jwt.claim.tenant_id = 'beta'`);
        const inTransaction = async (claims: object | null) => {
          await conn.unsafe('begin');
          try {
            await conn`select set_config('role', 'authenticated', true),
                              set_config('request.jwt.claims', ${claims ? JSON.stringify(claims) : ''}, true)`;
            const [t] = await conn`select public.current_tenant_id() as t`;
            const seen = await conn`select distinct tenant_id from sessions order by 1`;
            return { tenant: t!.t, sees: seen.map((r) => r.tenant_id) };
          } finally {
            await conn.unsafe('rollback');
          }
        };
        expect(await inTransaction(A)).toEqual({ tenant: 'alpha', sees: ['alpha'] });
        expect(await inTransaction(null)).toEqual({ tenant: null, sees: [] });
        // A unit on that connection still runs for its own tenant only.
        const [ctx] = await conn`select public.max_tenant_context('alpha', null) as r`;
        expect(JSON.stringify(ctx!.r)).not.toMatch(/beta/);
        expect(ctx!.r.tenant.id).toBe('alpha');
      } finally {
        await conn.unsafe('reset request.jwt.claim');
        await conn.unsafe('reset request.jwt.claim.tenant_id');
        conn.release();
      }
    });
  });
});
