import { createMemoryLogger, createPostgresStore } from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asClaims,
  attempt,
  betaMessageId,
  INSTANCES,
  personClaims,
  SHARED_CHAT,
  seedTwoTenants,
} from './seed.ts';

/**
 * The units of work (max_* functions): who may run them, and that a unit entered for tenant A never
 * reads or writes tenant B, whatever claims its caller carries.
 */
describe('the units of work (max_* functions)', () => {
  let db: TestDatabase;
  const A = personClaims('alpha', 'owner');
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
  });
  afterAll(() => db.close());

  const betaMessage = () => betaMessageId(db.admin);

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
    [
      'max_reserve_outbound',
      `select public.max_reserve_outbound('alpha', 'units-access', '33600000999@c.us')`,
      [],
    ],
    ['max_team_chats', `select public.max_team_chats('alpha')`, []],
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

  it('the catalog: no max_* function is executable by anon or authenticated, and neither can become max_agent', async () => {
    const rows = await db.admin`
        select p.oid::regprocedure::text as fn,
               has_function_privilege('anon', p.oid, 'execute') as anon,
               has_function_privilege('authenticated', p.oid, 'execute') as authenticated
          from pg_proc p
         where p.pronamespace = 'public'::regnamespace and p.proname like 'max\\_%'
           and p.prorettype <> 'trigger'::regtype`;
    expect(rows.length).toBeGreaterThanOrEqual(calls.length);
    for (const r of rows) expect(r).toEqual({ fn: r.fn, anon: false, authenticated: false });
    const roles = await db.admin`
        select r.rolname from pg_roles r
         where r.rolname in ('anon', 'authenticated', 'authenticator', 'supabase_auth_admin')
           and pg_has_role(r.oid, 'max_agent', 'member')`;
    expect(roles).toEqual([]);
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
    for (const role of ['service_role', 'max_agent', 'none']) {
      // 'none': the owner itself (the agent's own connection) with a claim left for alpha;
      // max_agent: a unit of work already entered for alpha.
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
