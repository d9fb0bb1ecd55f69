import { createMemoryLogger, createPostgresStore, type Store } from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSender, claimed, commitOf, whatsapp } from './fixtures.ts';
import { seedTwoTenants } from './seed.ts';

/**
 * max_begin_turn's reorder window: a backlog message (it reached MAX long after its WhatsApp time)
 * waits for earlier ones that may arrive out of order; a live one never pays for it; earlier
 * messages a queue batch names are waited for until recorded, at most the window.
 */
describe('postgres store: order under reverse arrival', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
    store = createPostgresStore({ sql: db.sql, logger: createMemoryLogger() });
  });
  afterAll(() => db.close());

  const nowS = () => Math.floor(Date.now() / 1000);
  const windowed = { settleMs: 0, burstMaxWaitMs: 60_000, reorderWindowMs: 60_000, backlogLagMs: 10_000 };

  it('a live message is claimed at once, whatever the reorder window', async () => {
    const chatId = await addSender(db.admin, 'alpha');
    claimed(await store.beginTurn(whatsapp({ chatId, waTimestamp: nowS(), ...windowed })));
  });

  it('a backlog message (WhatsApp time well before it reached MAX) waits the window for earlier ones', async () => {
    const chatId = await addSender(db.admin, 'alpha');
    const late = whatsapp({ chatId, waTimestamp: nowS() - 60, ...windowed });
    const r = await store.beginTurn(late);
    expect(r).toMatchObject({ outcome: 'wait', reason: 'reorder' });
    expect(r.outcome === 'wait' && r.retryAfterMs).toBeGreaterThan(50_000);
    // An earlier one of the backlog arrives now: it leads, the later one is its follower.
    const early = whatsapp({ chatId, waTimestamp: nowS() - 64, ...windowed, reorderWindowMs: 0 });
    const lead = claimed(await store.beginTurn(early));
    expect(lead.followers.map((f) => f.idMessage)).toEqual([late.idMessage]);
    await store.commitTurn({ ...commitOf(lead), merged: [lead.followers[0]!.id] });
  });

  it('a message behind a backlog message in its window is handed back to the queue (queued), not held', async () => {
    const chatId = await addSender(db.admin, 'alpha');
    const t = nowS() - 60;
    const early = whatsapp({ chatId, waTimestamp: t, ...windowed });
    expect(await store.beginTurn(early)).toMatchObject({ outcome: 'wait', reason: 'reorder' });
    const later = whatsapp({ chatId, waTimestamp: t + 4, ...windowed });
    const r = await store.beginTurn(later);
    expect(r).toMatchObject({ outcome: 'wait', reason: 'queued' });
    expect(r.outcome === 'wait' && r.retryAfterMs).toBeGreaterThan(50_000);
  });

  it('a message waits while an earlier one its queue batch names is not recorded, then the usual order applies', async () => {
    const chatId = await addSender(db.admin, 'alpha');
    const t = nowS();
    const first = whatsapp({ chatId, waTimestamp: t, ...windowed });
    const second = whatsapp({ chatId, waTimestamp: t + 1, ...windowed, awaits: [first.idMessage] });
    expect(await store.beginTurn(second)).toMatchObject({
      outcome: 'wait',
      reason: 'earlier',
      retryAfterMs: 50,
    });
    // The earlier one leads (the later one, recorded and waiting, joins its turn).
    const a = claimed(await store.beginTurn(first));
    expect(a.followers.map((f) => f.idMessage)).toEqual([second.idMessage]);
    await store.commitTurn({ ...commitOf(a), merged: [a.followers[0]!.id] });
    expect(await store.beginTurn(second)).toMatchObject({ outcome: 'duplicate', status: 'done' });
  });

  it('an awaited message that never comes holds the later one no longer than the window', async () => {
    const chatId = await addSender(db.admin, 'alpha');
    const lone = whatsapp({ chatId, waTimestamp: nowS(), ...windowed, awaits: ['NEVER-SEEN'] });
    expect(await store.beginTurn(lone)).toMatchObject({ outcome: 'wait', reason: 'earlier' });
    claimed(await store.beginTurn({ ...lone, reorderWindowMs: 0 }));
  });

  it('an awaited id of another tenant or chat is no help to know: it is only waited for, never read', async () => {
    const chatId = await addSender(db.admin, 'alpha');
    const other = await addSender(db.admin, 'beta');
    const theirs = whatsapp({ instance: '1101000002', chatId: other, waTimestamp: nowS() });
    claimed(await store.beginTurn(theirs));
    // Naming beta's message from alpha: alpha's own table has no such row, so it waits (bounded).
    const mine = whatsapp({ chatId, waTimestamp: nowS(), ...windowed, awaits: [theirs.idMessage] });
    expect(await store.beginTurn(mine)).toMatchObject({ outcome: 'wait', reason: 'earlier' });
  });
});
