import { createMemoryLogger, createPostgresStore, type Store } from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSender,
  addTenant,
  claimed,
  commitOf,
  expireLease,
  freshGroup,
  messageRow,
  turnOf,
  whatsapp,
} from './fixtures.ts';
import { seedTwoTenants } from './seed.ts';

const GROUPS = '1101000003'; // groups on
const SLOW = '1101000004'; // groups on, 3 messages per chat and minute

/** When a claimed message may run: its conversation's order, its sender's burst, its chat's rate. */
describe('postgres store: order, bursts and the per-chat rate', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
    await addTenant(db.admin, 'groups', GROUPS, { groups_enabled: true });
    await addTenant(db.admin, 'slow', SLOW, { groups_enabled: true, chat_messages_per_minute: 3 });
    store = createPostgresStore({ sql: db.sql, logger: createMemoryLogger() });
  });
  afterAll(() => db.close());

  /** Moves a message's claim (or start) back in time, as the owner. */
  const age = (id: string, column: 'claimed_at' | 'started_at', seconds: number) =>
    db.admin.unsafe(
      `update inbound_messages set ${column} = ${column} - make_interval(secs => $1) where id = $2`,
      [seconds, id],
    );
  const at = (t: number) => 1_790_000_000 + t;

  describe('order', () => {
    it('an earlier open message of the same (chat, sender) makes a later one wait (reason earlier)', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const first = claimed(await store.beginTurn(whatsapp({ chatId, waTimestamp: at(1) })));
      const later = whatsapp({ chatId, waTimestamp: at(2) });
      expect(await store.beginTurn(later)).toMatchObject({
        outcome: 'wait',
        reason: 'earlier',
        retryAfterMs: 250,
      });
      await store.commitTurn(commitOf(first));
      expect(claimed(await store.beginTurn(later)).attempt).toBe(1);
    });

    it('another sender in the same group chat is not blocked; the same sender is', async () => {
      const group = freshGroup();
      const [x, y] = [await addSender(db.admin, 'groups'), await addSender(db.admin, 'groups')];
      const g = (senderId: string, t: number) =>
        whatsapp({ instance: GROUPS, chatId: group, senderId, waTimestamp: at(t) });
      claimed(await store.beginTurn(g(x, 10)));
      claimed(await store.beginTurn(g(y, 11)));
      expect(await store.beginTurn(g(x, 12))).toMatchObject({ outcome: 'wait', reason: 'earlier' });
    });

    it('a failed (retryable) earlier message blocks (the later one is handed back to the queue too); once it is dead it no longer does', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const m1 = whatsapp({ chatId, waTimestamp: at(20) });
      const m2 = whatsapp({ chatId, waTimestamp: at(21) });
      const a1 = claimed(await store.beginTurn(m1));
      await store.failTurn(turnOf(a1), 'crm unavailable', false);
      expect(await store.beginTurn(m2)).toMatchObject({
        outcome: 'wait',
        reason: 'queued',
        retryAfterMs: 1000,
      });
      const a2 = claimed(await store.beginTurn(m1));
      await store.failTurn(turnOf(a2), 'refused', true);
      expect(claimed(await store.beginTurn(m2)).messageId).not.toBe(a2.messageId);
    });

    it('open messages claimed longer ago than the horizon (15 min) no longer block', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const m1 = claimed(await store.beginTurn(whatsapp({ chatId, waTimestamp: at(30) })));
      const m2 = whatsapp({ chatId, waTimestamp: at(31) });
      await age(m1.messageId, 'claimed_at', 14 * 60);
      expect(await store.beginTurn(m2)).toMatchObject({ outcome: 'wait', reason: 'earlier' });
      await age(m1.messageId, 'claimed_at', 2 * 60);
      claimed(await store.beginTurn(m2));
    });
  });

  describe('bursts', () => {
    const burst = { settleMs: 10_000, burstWindowMs: 20_000, burstMaxWaitMs: 60_000 };

    it("a complete message waits settleMs after the latest claim of its sender's burst, then leads it", async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const lead = whatsapp({
        chatId,
        waTimestamp: at(40),
        ...burst,
        content: { kind: 'text', text: 'Jean Dupont' },
      });
      const follow = whatsapp({
        chatId,
        waTimestamp: at(41),
        ...burst,
        content: { kind: 'text', text: '06 12 34 56 78' },
      });
      const w = await store.beginTurn(lead);
      expect(w).toMatchObject({ outcome: 'wait', reason: 'burst', retryAfterMs: 10_000 });
      expect(await store.beginTurn(follow)).toMatchObject({ outcome: 'wait', reason: 'earlier' });
      const leadRow = (await messageRow(db.admin, 'alpha', lead.idMessage))!;
      const followRow = (await messageRow(db.admin, 'alpha', follow.idMessage))!;
      // The leader alone has settled, but its follower was claimed just now: it keeps waiting.
      await age(leadRow.id, 'claimed_at', 11);
      const again = await store.beginTurn(lead);
      expect(again).toMatchObject({ outcome: 'wait', reason: 'burst' });
      if (again.outcome === 'wait') expect(again.retryAfterMs).toBeGreaterThan(5_000);
      await age(followRow.id, 'claimed_at', 11);
      const c = claimed(await store.beginTurn(lead));
      expect(c.followers).toEqual([
        {
          id: followRow.id,
          idMessage: follow.idMessage,
          waTimestamp: at(41),
          content: { kind: 'text', text: '06 12 34 56 78' },
        },
      ]);
    });

    it('an unfinished-looking message (content.unfinished) waits burstWindowMs, not settleMs', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const m = whatsapp({
        chatId,
        ...burst,
        content: { kind: 'text', text: 'crée un lead :', unfinished: true },
      });
      expect(await store.beginTurn(m)).toMatchObject({
        outcome: 'wait',
        reason: 'burst',
        retryAfterMs: 20_000,
      });
      const row = (await messageRow(db.admin, 'alpha', m.idMessage))!;
      await age(row.id, 'claimed_at', 11); // a complete message would have settled by now
      const r = await store.beginTurn(m);
      expect(r).toMatchObject({ outcome: 'wait', reason: 'burst' });
      if (r.outcome === 'wait') expect(r.retryAfterMs).toBeGreaterThan(5_000);
      await age(row.id, 'claimed_at', 20);
      claimed(await store.beginTurn(m));
    });

    it('no message waits for its burst longer than burstMaxWaitMs after its own claim', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const lead = whatsapp({ chatId, waTimestamp: at(50), ...burst });
      await store.beginTurn(lead);
      await store.beginTurn(whatsapp({ chatId, waTimestamp: at(51), ...burst })); // keeps arriving
      await age((await messageRow(db.admin, 'alpha', lead.idMessage))!.id, 'claimed_at', 61);
      expect(claimed(await store.beginTurn(lead)).followers).toHaveLength(1);
    });

    it('a message joins one turn only: a leader claimed after another took it never gets it (the bench found it processed twice)', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const now = { settleMs: 0, burstWindowMs: 0, burstMaxWaitMs: 0 };
      const c = whatsapp({ chatId, waTimestamp: at(72), ...now });
      const b = whatsapp({ chatId, waTimestamp: at(71), ...now });
      const a = whatsapp({ chatId, waTimestamp: at(70), ...now });
      // The queue delivers them out of order: C, then B (which leads C), then A, the earliest.
      expect(await store.beginTurn(c)).toMatchObject({ outcome: 'claimed' });
      const cRow = (await messageRow(db.admin, 'alpha', c.idMessage))!;
      await store.failTurn({ tenantId: 'alpha', messageId: cRow.id, attempt: 1 }, 'x', false); // C back to open
      await db.admin`update inbound_messages set status = 'received' where id = ${cRow.id}`;
      const bTurn = claimed(await store.beginTurn(b));
      expect(bTurn.followers.map((f) => f.idMessage)).toEqual([c.idMessage]);
      expect(await store.beginTurn(c)).toMatchObject({ outcome: 'busy' }); // held by B's turn
      const aTurn = claimed(await store.beginTurn(a));
      expect(aTurn.followers).toEqual([]);
      // B's attempt fails: what it took is given back, and runs again (taken by a retry, or on its own).
      await store.failTurn(turnOf(bTurn), 'crm unavailable', false);
      expect(await messageRow(db.admin, 'alpha', c.idMessage)).toMatchObject({
        status: 'received',
        merged_into: null,
      });
    });

    it("followers are returned to the leader and marked done / merged_into by the leader's commit", async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const lead = whatsapp({ chatId, waTimestamp: at(60), ...burst });
      const f1 = whatsapp({ chatId, waTimestamp: at(61), ...burst });
      const f2 = whatsapp({ chatId, waTimestamp: at(62), ...burst });
      for (const m of [lead, f1, f2]) await store.beginTurn(m);
      for (const m of [lead, f1, f2])
        await age((await messageRow(db.admin, 'alpha', m.idMessage))!.id, 'claimed_at', 11);
      const c = claimed(await store.beginTurn(lead));
      expect(c.followers.map((f) => f.idMessage)).toEqual([f1.idMessage, f2.idMessage]);
      await store.commitTurn(commitOf(c, { merged: c.followers.map((f) => f.id) }));
      for (const f of [f1, f2]) {
        expect(await messageRow(db.admin, 'alpha', f.idMessage)).toMatchObject({
          status: 'done',
          merged_into: c.messageId,
          outcome: 'merged',
          content: null,
        });
        expect(await store.beginTurn(f)).toMatchObject({ outcome: 'duplicate', status: 'done' });
      }
    });
  });

  describe('per-chat rate', () => {
    /** The notice's send key names the minute: keep a test inside one minute of the database clock. */
    async function awayFromMinuteEdge(): Promise<void> {
      const [{ s }] =
        (await db.admin`select extract(second from clock_timestamp())::float as s`) as unknown as [
          { s: number },
        ];
      if (s > 45) await new Promise((r) => setTimeout(r, (60.5 - s) * 1000));
    }

    it('with 3 per minute the 4th distinct message waits (throttled), and its chat gets ONE notice that minute', async () => {
      await awayFromMinuteEdge();
      const group = freshGroup();
      const senders: string[] = [];
      for (let i = 0; i < 5; i++) senders.push(await addSender(db.admin, 'slow'));
      const g = (i: number) =>
        whatsapp({
          instance: SLOW,
          chatId: group,
          senderId: senders[i]!,
          waTimestamp: at(100 + i),
          throttleNotice: 'Doucement…',
        });
      const inputs = senders.map((_, i) => g(i));
      for (const m of inputs.slice(0, 3)) claimed(await store.beginTurn(m));
      const fourth = await store.beginTurn(inputs[3]!);
      if (fourth.outcome !== 'wait') throw new Error(`expected wait, got ${fourth.outcome}`);
      expect(fourth.reason).toBe('throttled');
      expect(fourth.retryAfterMs).toBeGreaterThanOrEqual(1_000);
      expect(fourth.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect(fourth.outbox).toHaveLength(1);
      expect(fourth.outbox[0]).toMatchObject({
        chatId: group,
        body: 'Doucement…',
        attempts: 1,
        checkFirst: false,
      });
      expect(fourth.outbox[0]!.sendKey).toMatch(new RegExp(`^slow:${group}:\\d+$`));
      // Another throttled message, and a redelivery of the throttled one: no second notice.
      expect(await store.beginTurn(inputs[4]!)).toMatchObject({
        outcome: 'wait',
        reason: 'throttled',
        outbox: [],
      });
      expect(await store.beginTurn(inputs[3]!)).toMatchObject({
        outcome: 'wait',
        reason: 'throttled',
        outbox: [],
      });
      const notices =
        await db.admin`select status from outbox where tenant_id = 'slow' and chat_id = ${group}`;
      expect(notices.map((n) => n.status)).toEqual(['sending']);
      expect(await messageRow(db.admin, 'slow', inputs[3]!.idMessage)).toMatchObject({
        status: 'received',
        started_at: null,
      });
    });

    it('redeliveries of started messages neither count nor get throttled; a throttled message runs once the minute has passed', async () => {
      const chatId = await addSender(db.admin, 'slow');
      const m = [0, 1, 2, 3].map((i) => whatsapp({ instance: SLOW, chatId, waTimestamp: at(200 + i) }));
      // Message 1 is delivered three times (two lost workers): one started message, not three.
      let c = claimed(await store.beginTurn(m[0]!));
      for (let attempt = 2; attempt <= 3; attempt++) {
        await expireLease(db.admin, c.messageId);
        c = claimed(await store.beginTurn(m[0]!));
        expect(c.attempt).toBe(attempt);
      }
      await store.commitTurn(commitOf(c));
      await store.commitTurn(commitOf(claimed(await store.beginTurn(m[1]!))));
      // Message 3 fills the minute, fails, and its redelivery still runs (it had started).
      const third = claimed(await store.beginTurn(m[2]!));
      await store.failTurn(turnOf(third), 'crm unavailable', false);
      await store.commitTurn(commitOf(claimed(await store.beginTurn(m[2]!))));
      expect(await store.beginTurn(m[3]!)).toMatchObject({ outcome: 'wait', reason: 'throttled' });
      for (const x of m.slice(0, 3))
        await age((await messageRow(db.admin, 'slow', x.idMessage))!.id, 'started_at', 61);
      expect(claimed(await store.beginTurn(m[3]!)).attempt).toBe(1);
    });
  });
});
