import { createMemoryLogger, createPostgresStore, type Store } from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSender, addTenant } from './fixtures.ts';

const LEAD = '33612340001@c.us';

/** The outbound reservation unit: per-tenant cap and spacing, a retry never counted twice, tenants apart. */
describe('outbound pacing (max_reserve_outbound)', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase();
    await addTenant(db.admin, 'pace1', '7100000001');
    await addTenant(db.admin, 'pace2', '7100000002');
    store = createPostgresStore({ sql: db.sql, logger: createMemoryLogger() });
  });
  afterAll(() => db.close());

  it('a send is reserved once per key: the retry is the same send, not a second one', async () => {
    await db.admin`insert into outbound_pacing (tenant_id, daily_cap, spacing_seconds) values ('pace1', 2, 0)`;
    expect(await store.reserveOutbound!('pace1', 'k1', LEAD)).toMatchObject({
      ok: true,
      again: false,
      sentToday: 1,
    });
    expect(await store.reserveOutbound!('pace1', 'k1', LEAD)).toMatchObject({ ok: true, again: true });
    expect(await store.reserveOutbound!('pace1', 'k2', LEAD)).toMatchObject({ ok: true, sentToday: 2 });
    expect(await store.reserveOutbound!('pace1', 'k3', LEAD)).toEqual({
      ok: false,
      reason: 'daily_cap',
      cap: 2,
      sentToday: 2,
    });
    // A key reserved before the cap was reached is still the same send after it.
    expect(await store.reserveOutbound!('pace1', 'k2', LEAD)).toMatchObject({ ok: true, again: true });
    const [row] = await db.admin`select count(*)::int as n from outbound_sends where tenant_id = 'pace1'`;
    expect(row!.n).toBe(2);
  });

  it("spacing holds the next send, and one tenant's sends never count for another", async () => {
    await db.admin`insert into outbound_pacing (tenant_id, daily_cap, spacing_seconds) values ('pace2', 10, 600)`;
    expect(await store.reserveOutbound!('pace2', 'a', LEAD)).toMatchObject({ ok: true });
    const held = await store.reserveOutbound!('pace2', 'b', LEAD);
    expect(held).toMatchObject({ ok: false, reason: 'spacing', spacingSeconds: 600 });
    expect(held.ok === false && held.reason === 'spacing' && held.retryAfterMs).toBeGreaterThan(590_000);
    const [p1] = await db.admin`select sent_that_day from outbound_pacing where tenant_id = 'pace1'`;
    expect(p1!.sent_that_day).toBe(2);
  });

  it('the team list names senders that did not opt out, with their role', async () => {
    const a = await addSender(db.admin, 'pace1');
    const b = await addSender(db.admin, 'pace1');
    await db.admin`update whatsapp_senders set opted_out = true where chat_id = ${b}`;
    await addSender(db.admin, 'pace2');
    expect(await store.teamChats!('pace1')).toEqual([{ chatId: a, role: 'member' }]);
  });
});
