import {
  type Clock,
  countingSql,
  createMemoryLogger,
  createPostgresStore,
  type SqlClient,
  type Store,
  systemClock,
} from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTwoTenants } from './seed.ts';

let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs), sleep: systemClock.sleep };

describe('postgres store (as the tenant role, under RLS)', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
    store = createPostgresStore({ sql: db.sql, clock, logger: createMemoryLogger() });
  });
  afterAll(() => db.close());

  const claim = (tenant: string, idMessage: string, leaseMs = 60_000) =>
    store.forTenant(tenant).claimMessage({
      idMessage,
      chatId: '33611111111@c.us',
      typeMessage: 'textMessage',
      waTimestamp: 1,
      requestId: 'r',
      leaseMs,
    });

  it('resolves a tenant from its Green-API instance only', async () => {
    expect(await store.resolveTenantByInstance('1101000002')).toEqual({ id: 'beta', status: 'active' });
    expect(await store.resolveTenantByInstance('9999')).toBeNull();
    expect(await store.listActiveInstances()).toEqual([
      { tenantId: 'alpha', idInstance: '1101000001' },
      { tenantId: 'beta', idInstance: '1101000002' },
    ]);
  });

  it(`claims a message once; ${process.env.DATABASE_URL ? '50 concurrent claims on PostgreSQL' : '50 claims interleaved on PGlite (one session)'}: exactly one wins`, async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => claim('alpha', 'CONCURRENT-1')));
    expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(49);
  });

  it('the same id_message in another tenant is another message', async () => {
    expect((await claim('beta', 'CONCURRENT-1')).outcome).toBe('claimed');
  });

  it('re-claims a failed message or an expired lease, never a done one', async () => {
    const first = await claim('alpha', 'RECLAIM-1', 1_000);
    expect(first).toMatchObject({ outcome: 'claimed', attempt: 1 });
    expect(await claim('alpha', 'RECLAIM-1')).toEqual({ outcome: 'duplicate', status: 'processing' });
    offsetMs = 5_000; // the worker holding the lease died
    const second = await claim('alpha', 'RECLAIM-1');
    offsetMs = 0;
    expect(second).toMatchObject({ outcome: 'claimed', attempt: 2 });
    if (second.outcome !== 'claimed') throw new Error('unreachable');
    await store.forTenant('alpha').markMessage(second.messageId, 'failed', 'unavailable');
    const third = await claim('alpha', 'RECLAIM-1');
    expect(third).toMatchObject({ outcome: 'claimed', attempt: 3 });
    if (third.outcome !== 'claimed') throw new Error('unreachable');
    await store.forTenant('alpha').markMessage(third.messageId, 'done');
    expect(await claim('alpha', 'RECLAIM-1')).toEqual({ outcome: 'duplicate', status: 'done' });
  });

  it('loads tenant, sender, session, memory and secrets in one statement', async () => {
    const before = store.roundTrips();
    const ctx = await store.forTenant('alpha').loadContext('33611111111@c.us');
    expect(store.roundTrips() - before).toBe(4); // BEGIN, claims, the query, COMMIT
    expect(ctx.tenant).toMatchObject({
      id: 'alpha',
      greenApiInstanceId: '1101000001',
      locale: 'fr',
      crmMode: 'dedicated',
    });
    expect(ctx.sender).toMatchObject({ chatId: '33611111111@c.us', role: 'admin', optedOut: false });
    expect(ctx.session).toMatchObject({ chatId: '33611111111@c.us', turns: [] });
    expect(ctx.memory).toEqual({ tone: 'formal' });
    expect(ctx.secrets).toEqual([{ name: 'crm_api_key', keyId: 'k1', ciphertext: 'v1.k1.x.alpha.y.z' }]);
    const other = await store.forTenant('alpha').loadContext('33622222222@c.us');
    expect(other.sender).toBeNull(); // beta's sender is invisible to alpha
  });

  it('stores and reads tool results by (message, call index); a second put does not overwrite', async () => {
    const c = await claim('alpha', 'TOOLS-1');
    if (c.outcome !== 'claimed') throw new Error('unreachable');
    const ts = store.forTenant('alpha');
    await ts.putToolResult(c.messageId, {
      callIndex: 0,
      tool: 'create_lead',
      argsDigest: 'd0',
      ok: true,
      result: { id: 'L1' },
    });
    await ts.putToolResult(c.messageId, {
      callIndex: 0,
      tool: 'create_lead',
      argsDigest: 'd0',
      ok: true,
      result: { id: 'L2' },
    });
    await ts.putToolResult(c.messageId, {
      callIndex: 1,
      tool: 'add_note',
      argsDigest: 'd1',
      ok: false,
      result: { kind: 'error' },
    });
    expect(await ts.getToolResults(c.messageId)).toEqual([
      { callIndex: 0, tool: 'create_lead', argsDigest: 'd0', ok: true, result: { id: 'L1' } },
      { callIndex: 1, tool: 'add_note', argsDigest: 'd1', ok: false, result: { kind: 'error' } },
    ]);
    expect(await store.forTenant('beta').getToolResults(c.messageId)).toEqual([]);
  });

  it('commits a turn atomically: a failing statement rolls back the audit rows', async () => {
    const c = await claim('alpha', 'TURN-1');
    if (c.outcome !== 'claimed') throw new Error('unreachable');
    const ts = store.forTenant('alpha');
    const audit = [
      {
        messageId: c.messageId,
        actor: 'a',
        action: 'create_lead',
        targetEntity: 'Lead',
        targetId: 'L1',
        argsDigest: 'd',
        result: 'ok' as const,
        latencyMs: 3,
      },
    ];
    const session = {
      turns: [{ role: 'user' as const, text: 'x', at: new Date().toISOString() }],
      pausedUntil: null,
      focus: { entity: 'Lead', id: 'L1', name: 'X' },
    };
    const tooLong = 'x'.repeat(20_001); // violates the outbox body check
    await expect(
      ts.commitTurn({
        messageId: c.messageId,
        chatId: 'chat-1',
        audit,
        session,
        outbox: [{ chatId: 'chat-1', body: tooLong, sendKey: `${c.messageId}:0` }],
        status: 'done',
      }),
    ).rejects.toThrow();
    const none = await db.admin`select count(*)::int as n from max_logs where message_id = ${c.messageId}`;
    expect(none[0]!.n).toBe(0);
    const ids = await ts.commitTurn({
      messageId: c.messageId,
      chatId: 'chat-1',
      audit,
      session,
      memory: { lang: 'fr' },
      outbox: [{ chatId: 'chat-1', body: 'ok', sendKey: `${c.messageId}:0` }],
      status: 'done',
    });
    expect(ids).toHaveLength(1);
    const [msg] = await db.admin`select status, processed_at from inbound_messages where id = ${c.messageId}`;
    expect(msg!.status).toBe('done');
    expect(msg!.processed_at).not.toBeNull();
    const ctx = await ts.loadContext('chat-1');
    expect(ctx.session?.focus).toEqual({ entity: 'Lead', id: 'L1', name: 'X' });
    expect(ctx.memory).toMatchObject({ lang: 'fr' });
    // Committing the same send key again creates no second reply.
    expect(
      await ts.commitTurn({
        messageId: c.messageId,
        chatId: 'chat-1',
        audit: [],
        session,
        outbox: [{ chatId: 'chat-1', body: 'ok', sendKey: `${c.messageId}:0` }],
        status: 'done',
      }),
    ).toEqual([]);
  });

  it('keeps sessions bounded', async () => {
    const c = await claim('alpha', 'TURN-BOUND');
    if (c.outcome !== 'claimed') throw new Error('unreachable');
    const turns = Array.from({ length: 30 }, (_, i) => ({
      role: 'user' as const,
      text: `t${i}`,
      at: new Date().toISOString(),
    }));
    await store.forTenant('alpha').commitTurn({
      messageId: c.messageId,
      chatId: 'chat-bound',
      audit: [],
      session: { turns, pausedUntil: null, focus: null },
      outbox: [],
      status: 'done',
    });
    const ctx = await store.forTenant('alpha').loadContext('chat-bound');
    expect(ctx.session?.turns).toHaveLength(12);
    expect(ctx.session?.turns.at(-1)?.text).toBe('t29');
  });

  it('takes due outbox rows once (skip locked), completes and reschedules them', async () => {
    const ts = store.forTenant('alpha');
    const c = await claim('alpha', 'OUT-1');
    if (c.outcome !== 'claimed') throw new Error('unreachable');
    await ts.commitTurn({
      messageId: c.messageId,
      chatId: 'c',
      audit: [],
      session: { turns: [], pausedUntil: null, focus: null },
      outbox: [
        { chatId: 'c', body: 'a', sendKey: 'OUT-1:0' },
        { chatId: 'c', body: 'b', sendKey: 'OUT-1:1' },
      ],
      status: 'done',
    });
    const [x, y] = await Promise.all([ts.takeOutbox(10, c.messageId), ts.takeOutbox(10, c.messageId)]);
    const taken = [...x, ...y];
    expect(taken.map((r) => r.body).sort()).toEqual(['a', 'b']);
    expect(new Set(taken.map((r) => r.id)).size).toBe(2);
    expect(await ts.takeOutbox(10, c.messageId)).toEqual([]); // being sent: leased
    await ts.completeOutbox(taken[0]!.id, { sent: true, providerMessageId: 'WA-1' });
    await ts.completeOutbox(taken[1]!.id, {
      sent: false,
      error: 'unavailable',
      retryAt: new Date(Date.now() - 1),
    });
    const again = await ts.takeOutbox(10, c.messageId);
    expect(again.map((r) => r.id)).toEqual([taken[1]!.id]);
    expect(again[0]!.attempts).toBe(2);
    expect(await store.forTenant('beta').takeOutbox(10, c.messageId)).toEqual([]);
  });

  it('pending actions are single-use and expire', async () => {
    const ts = store.forTenant('alpha');
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    await ts.createPendingAction({
      chatId: 'boss@c',
      tool: 'delete_lead',
      args: { target: { id: 'L9' } },
      argsDigest: 'dd',
      expiresAt,
    });
    expect(await store.forTenant('beta').takePendingAction('boss@c', new Date())).toBeNull();
    const taken = await ts.takePendingAction('boss@c', new Date());
    expect(taken).toMatchObject({ tool: 'delete_lead', args: { target: { id: 'L9' } }, argsDigest: 'dd' });
    expect(await ts.takePendingAction('boss@c', new Date())).toBeNull();
    await ts.createPendingAction({
      chatId: 'boss@c',
      tool: 'rebuild_crm',
      args: {},
      argsDigest: 'r',
      expiresAt,
    });
    expect(await ts.takePendingAction('boss@c', new Date(Date.now() + 120_000))).toBeNull();
  });

  it('opts senders out and pauses chats', async () => {
    const ts = store.forTenant('alpha');
    await ts.setSenderOptOut('33611111111@c.us', true);
    const until = new Date(Date.now() + 30 * 60_000);
    await ts.pauseChat('33611111111@c.us', until);
    const ctx = await ts.loadContext('33611111111@c.us');
    expect(ctx.sender?.optedOut).toBe(true);
    expect(ctx.session?.pausedUntil).toBe(until.toISOString());
    await store.forTenant('beta').setSenderOptOut('33611111111@c.us', false); // beta cannot touch alpha's sender
    expect((await ts.loadContext('33611111111@c.us')).sender?.optedOut).toBe(true);
  });

  it('records throttled / ignored messages without processing them; a redelivery is a duplicate', async () => {
    const ts = store.forTenant('alpha');
    const r = await ts.claimMessage({
      idMessage: 'THROTTLED-1',
      chatId: '33611111111@c.us',
      typeMessage: 'textMessage',
      waTimestamp: 2,
      requestId: 'r',
      leaseMs: 60_000,
      initialStatus: 'throttled',
    });
    expect(r).toMatchObject({ outcome: 'claimed', attempt: 1 });
    const [row] =
      await db.admin`select status, lease_until from inbound_messages where id_message = 'THROTTLED-1'`;
    expect(row).toEqual({ status: 'throttled', lease_until: null });
    expect(await claim('alpha', 'THROTTLED-1')).toEqual({ outcome: 'duplicate', status: 'throttled' });
  });

  it('a tenant id with no visible row is not found (no context leaks from another tenant)', async () => {
    await expect(store.forTenant('gamma').loadContext('33611111111@c.us')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('rolls back a method whose query fails: nothing half-written, and the connection stays usable', async () => {
    const ts = store.forTenant('alpha');
    await expect(
      ts.createPendingAction({
        chatId: 'c',
        tool: 'delete_lead',
        args: {},
        argsDigest: 'd',
        expiresAt: new Date(Date.now() - 60_000).toISOString(), // violates expires_at > created_at
      }),
    ).rejects.toThrow();
    expect((await ts.loadContext('33611111111@c.us')).tenant.id).toBe('alpha');
  });

  it('counts statements: BEGIN, claims, queries, COMMIT', async () => {
    const counter = countingSql(db.sql as unknown as SqlClient);
    const counted = createPostgresStore({ sql: counter.sql, clock, logger: createMemoryLogger() });
    await counted.resolveTenantByInstance('1101000001');
    expect(counter.count()).toBe(4);
    expect(counted.roundTrips()).toBe(4);
    counter.reset();
    await counter.sql`select 1`;
    await counter.sql.unsafe('select 2');
    expect(counter.count()).toBe(2);
    const c = await claim('alpha', 'COUNT-1');
    expect(c.outcome).toBe('claimed'); // the other store's counter is independent
    expect(counter.count()).toBe(2);
  });
});
