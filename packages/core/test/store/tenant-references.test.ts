import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClaims, asClaims, attempt, betaMessageId, seedTwoTenants } from './seed.ts';

/**
 * References between tenant rows stay inside their tenant, and only the per-transaction claims
 * choose a tenant. Performed as the only role that writes these rows: the agent's (`max_agent`,
 * with alpha's claim), pointing alpha's rows at beta's message ids.
 */
describe('references between tenant rows stay inside their tenant', () => {
  let db: TestDatabase;
  const A = agentClaims('alpha');
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
  });
  afterAll(() => db.close());

  const betaMessage = () => betaMessageId(db.admin);

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
      const own = await asClaims(db.sql, 'max_agent', A, async (tx) => {
        const [mine] = await tx`select id from inbound_messages where id_message = 'MSG-alpha'`;
        return attempt(tx, stmt, [String(mine!.id)]);
      });
      expect(own).toMatchObject({ rows: { count: 1 } });
      const atB = await asClaims(db.sql, 'max_agent', A, (tx) => attempt(tx, stmt, [beta]));
      const atNothing = await asClaims(db.sql, 'max_agent', A, (tx) =>
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
    const atB = await asClaims(db.sql, 'max_agent', A, (tx) => attempt(tx, insert, [beta]));
    const atNothing = await asClaims(db.sql, 'max_agent', A, (tx) =>
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
          await conn`select set_config('role', 'max_agent', true),
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
