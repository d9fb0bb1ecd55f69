import type { DeadLetterInput, Store } from '@max/core';
import type { TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSender,
  addTenant,
  claimed,
  commitOf,
  freshGroup,
  freshIdMessage,
  freshPhone,
  messageRow,
  outboxOf,
  whatsapp,
} from './fixtures.ts';
import { INSTANCES } from './seed.ts';
import { seededStore } from './seeded-store.ts';

const OUT = '1101000005'; // a tenant of its own: its due outbox rows are only this file's

/** How a turn's replies go out (outbox), and messages given up on (what a turn leaves: commit.test.ts). */
describe('postgres store: outbox, dead letters', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    ({ db, store } = await seededStore((admin) => addTenant(admin, 'out', OUT, { groups_enabled: true })));
  });
  afterAll(() => db.close());

  const begin = async (tenant: 'alpha' | 'out' = 'alpha') => {
    const chatId = await addSender(db.admin, tenant);
    const input = whatsapp({ chatId, instance: tenant === 'out' ? OUT : INSTANCES.alpha });
    return { chatId, input, c: claimed(await store.beginTurn(input)) };
  };

  describe('outbox', () => {
    /** n pending replies of one fresh message of tenant `out`, written as the owner. */
    async function pendingRows(n: number) {
      const { chatId, c } = await begin('out');
      await store.commitTurn(commitOf(c));
      await db.admin`insert into outbox (tenant_id, message_id, chat_id, body, send_key)
                     select 'out', ${c.messageId}, ${chatId}, 'reply ' || i, ${c.messageId} || ':' || i from generate_series(1, ${n}) i`;
      return c.messageId;
    }
    const take = (messageId: string) => store.takeOutbox('out', { messageId, limit: 10, dueOnly: false });
    const due = async (messageId: string) =>
      (await store.takeOutbox('out', { limit: 100, dueOnly: true })).filter((r) => r.messageId === messageId);
    const overdue = (messageId: string) =>
      db.admin`update outbox set next_attempt_at = now() - interval '1 second' where message_id = ${messageId}`;

    it(`take returns each row once (skip locked): 5 takes ${process.env.DATABASE_URL ? 'concurrent on PostgreSQL' : "interleaved on PGlite's one session"} never share a row`, async () => {
      const m = await pendingRows(12);
      const batches = await Promise.all(
        Array.from({ length: 5 }, () => store.takeOutbox('out', { messageId: m, limit: 3, dueOnly: false })),
      );
      const taken = batches.flat();
      expect(taken).toHaveLength(12);
      expect(new Set(taken.map((r) => r.id)).size).toBe(12);
      expect(taken.every((r) => r.attempts === 1 && !r.checkFirst)).toBe(true);
      expect(await take(m)).toEqual([]);
      expect(await due(m)).toEqual([]);
    });

    it('complete sent: the row is sent and never taken again', async () => {
      const m = await pendingRows(1);
      const [row] = await take(m);
      expect(await store.completeSend('out', row!.id, { sent: true, providerMessageId: 'WA-9' })).toBe(
        'sent',
      );
      await overdue(m);
      expect(await take(m)).toEqual([]);
      const [r] =
        await db.admin`select status, provider_message_id, sent_at is not null as at from outbox where id = ${row!.id}`;
      expect(r).toEqual({ status: 'sent', provider_message_id: 'WA-9', at: true });
    });

    it('complete not_sent: pending again, and due only after retryAfterMs', async () => {
      const m = await pendingRows(1);
      const [row] = await take(m);
      const r = await store.completeSend('out', row!.id, {
        sent: false,
        delivery: 'not_sent',
        error: '503',
        retryAfterMs: 60_000,
      });
      expect(r).toBe('pending');
      expect(await due(m)).toEqual([]);
      await overdue(m);
      const again = await due(m);
      expect(again.map((x) => [x.id, x.attempts, x.checkFirst])).toEqual([[row!.id, 2, false]]);
    });

    it('complete unknown: status unknown, and the next take says checkFirst', async () => {
      const m = await pendingRows(1);
      const [row] = await take(m);
      expect(
        await store.completeSend('out', row!.id, {
          sent: false,
          delivery: 'unknown',
          error: 'timeout',
          retryAfterMs: 0,
        }),
      ).toBe('unknown');
      const [again] = await due(m);
      expect(again).toMatchObject({ id: row!.id, attempts: 2, checkFirst: true });
    });

    it('complete permanent: failed, never taken again', async () => {
      const m = await pendingRows(1);
      const [row] = await take(m);
      const r = await store.completeSend('out', row!.id, {
        sent: false,
        delivery: 'not_sent',
        error: '400',
        retryAfterMs: 0,
        permanent: true,
      });
      expect(r).toBe('failed');
      await overdue(m);
      expect(await take(m)).toEqual([]);
    });

    it('attempts cap: the 8th unsuccessful send fails the row', async () => {
      const m = await pendingRows(1);
      const statuses: Array<string | null> = [];
      for (let i = 0; i < 8; i++) {
        const [row] = await due(m);
        statuses.push(
          await store.completeSend('out', row!.id, {
            sent: false,
            delivery: 'not_sent',
            error: '503',
            retryAfterMs: 0,
          }),
        );
      }
      expect(statuses).toEqual([...Array(7).fill('pending'), 'failed']);
      expect(await due(m)).toEqual([]);
    });

    it('a sending row whose lease ran out (the sender died mid-send) comes back with checkFirst', async () => {
      const m = await pendingRows(1);
      const [row] = await take(m);
      expect(await due(m)).toEqual([]); // leased for 2 minutes
      await overdue(m);
      const [again] = await due(m);
      expect(again).toMatchObject({ id: row!.id, attempts: 2, checkFirst: true });
      // A completion for a row no longer being sent changes nothing.
      await store.completeSend('out', again!.id, { sent: true, providerMessageId: 'WA-1' });
      expect(
        await store.completeSend('out', again!.id, {
          sent: false,
          delivery: 'not_sent',
          error: 'x',
          retryAfterMs: 0,
        }),
      ).toBeNull();
    });
  });

  describe('dead letters', () => {
    const dead = (chatId: string, over: Partial<DeadLetterInput> = {}): DeadLetterInput => ({
      instance: INSTANCES.alpha,
      idMessage: freshIdMessage(),
      chatId,
      senderId: chatId,
      typeMessage: 'textMessage',
      waTimestamp: 1_795_000_000,
      requestId: 'req-dead',
      reason: 'retries_exhausted',
      content: { kind: 'text', text: 'bonjour' },
      notice: "Je n'ai pas pu traiter ce message.",
      ...over,
    });

    it('marks a running message dead with the reason, and queues ONE notice to its known sender quoting it', async () => {
      const { chatId, input, c } = await begin();
      const r = await store.deadLetter(dead(chatId, { idMessage: input.idMessage }));
      if (r.outcome !== 'recorded') throw new Error(`expected recorded, got ${r.outcome}`);
      expect(r.messageId).toBe(c.messageId);
      expect(r.outbox.map((o) => [o.chatId, o.quotedMessageId, o.sendKey, o.body, o.attempts])).toEqual([
        [chatId, input.idMessage, `${c.messageId}:dead`, "Je n'ai pas pu traiter ce message.", 1],
      ]);
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        status: 'dead',
        error: 'retries_exhausted',
        lease_until: null,
      });
      // Told once: the queue giving up again changes nothing.
      expect(await store.deadLetter(dead(chatId, { idMessage: input.idMessage }))).toEqual({
        outcome: 'already_final',
        tenantId: 'alpha',
        outbox: [],
      });
      expect(await outboxOf(db.admin, c.messageId)).toHaveLength(1);
      const [log] =
        await db.admin`select count(*)::int as n from max_logs where message_id = ${c.messageId} and action = 'dead_letter'`;
      expect(log!.n).toBe(1);
      // The attempt that was still running has lost the message.
      await expect(store.commitTurn(commitOf(c))).rejects.toMatchObject({
        code: 'conflict',
        details: { kind: 'lease_lost' },
      });
    });

    it('records a message never seen before as dead; a known sender with no content (JSON null) too', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const d = dead(chatId, { content: null });
      const r = await store.deadLetter(d);
      expect(r).toMatchObject({
        outcome: 'recorded',
        outbox: [{ sendKey: expect.stringMatching(/:dead$/) }],
      });
      expect(await messageRow(db.admin, 'alpha', d.idMessage)).toMatchObject({
        status: 'dead',
        content: null,
        attempts: 0,
      });
    });

    it("queues nothing for a stranger, and keeps nothing of the stranger's message", async () => {
      const d = dead(freshPhone(), { content: { kind: 'text', text: 'stranger secret' } });
      const r = await store.deadLetter(d);
      expect(r).toMatchObject({ outcome: 'recorded', outbox: [] });
      if (r.outcome === 'recorded') expect(await outboxOf(db.admin, r.messageId)).toEqual([]);
      expect(await messageRow(db.admin, 'alpha', d.idMessage)).toMatchObject({
        status: 'dead',
        content: null,
      });
    });

    it('queues no notice into a group chat', async () => {
      const member = await addSender(db.admin, 'out');
      const r = await store.deadLetter(dead(freshGroup(), { instance: OUT, senderId: member }));
      expect(r).toMatchObject({ outcome: 'recorded', outbox: [] });
    });

    it('answers already_final for a done message, and leaves it done', async () => {
      const { chatId, input, c } = await begin();
      await store.commitTurn(commitOf(c));
      expect(await store.deadLetter(dead(chatId, { idMessage: input.idMessage }))).toEqual({
        outcome: 'already_final',
        tenantId: 'alpha',
        outbox: [],
      });
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        status: 'done',
        error: null,
      });
      expect(await store.deadLetter(dead(chatId, { instance: '9999999999' }))).toEqual({
        outcome: 'unknown_instance',
      });
    });

    it('a dead message is a duplicate, unless replayed (replay: true): then it is claimed again', async () => {
      const { chatId, input, c } = await begin();
      await store.deadLetter(dead(chatId, { idMessage: input.idMessage }));
      expect(await store.beginTurn(input)).toMatchObject({ outcome: 'duplicate', status: 'dead' });
      const replayed = claimed(await store.beginTurn({ ...input, replay: true }));
      expect(replayed).toMatchObject({ messageId: c.messageId, attempt: 2 });
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        status: 'processing',
        error: null,
      });
    });
  });
});
