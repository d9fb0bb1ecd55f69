import {
  AppError,
  createMemoryLogger,
  createPostgresStore,
  type DeadLetterInput,
  type Store,
} from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSender,
  addTenant,
  claimed,
  commitOf,
  committed,
  freshGroup,
  freshIdMessage,
  freshPhone,
  messageRow,
  outboxOf,
  whatsapp,
} from './fixtures.ts';
import { INSTANCES, SHARED_CHAT, seedTwoTenants } from './seed.ts';

const OUT = '1101000005'; // a tenant of its own: its due outbox rows are only this file's

/** What a turn leaves behind (commit), how its replies go out (outbox), and messages given up on. */
describe('postgres store: commit, outbox, dead letters', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
    await addTenant(db.admin, 'out', OUT, { groups_enabled: true });
    store = createPostgresStore({ sql: db.sql, logger: createMemoryLogger() });
  });
  afterAll(() => db.close());

  const begin = async (tenant: 'alpha' | 'out' = 'alpha') => {
    const chatId = await addSender(db.admin, tenant);
    const input = whatsapp({ chatId, instance: tenant === 'out' ? OUT : INSTANCES.alpha });
    return { chatId, input, c: claimed(await store.beginTurn(input)) };
  };
  const turns = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      role: 'user' as const,
      text: `t${i}`,
      at: '2026-12-01T10:00:00.000Z',
    }));

  describe('commit', () => {
    it('writes the audit rows of the turn and finishes the message', async () => {
      const { chatId, input, c } = await begin();
      await store.commitTurn(
        commitOf(c, {
          outcome: 'answered',
          audit: [
            {
              messageId: c.messageId,
              actor: chatId,
              action: 'create_lead',
              targetEntity: 'Lead',
              targetId: 'L1',
              argsDigest: 'd1',
              result: 'ok',
              latencyMs: 12.6,
              detail: { n: 1 },
            },
            {
              messageId: c.messageId,
              actor: chatId,
              action: 'delete_lead',
              targetEntity: 'Lead',
              targetId: 'L2',
              argsDigest: 'd2',
              result: 'pending_confirmation',
              latencyMs: 0,
            },
          ],
        }),
      );
      const logs =
        await db.admin`select action, target_id, args_digest, result, latency_ms, detail, tenant_id from max_logs
                                  where message_id = ${c.messageId} order by id`;
      expect(logs).toEqual([
        {
          action: 'create_lead',
          target_id: 'L1',
          args_digest: 'd1',
          result: 'ok',
          latency_ms: 13,
          detail: { n: 1 },
          tenant_id: 'alpha',
        },
        {
          action: 'delete_lead',
          target_id: 'L2',
          args_digest: 'd2',
          result: 'pending_confirmation',
          latency_ms: 0,
          detail: null,
          tenant_id: 'alpha',
        },
      ]);
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        status: 'done',
        outcome: 'answered',
        lease_until: null,
      });
    });

    it('is atomic: a statement that fails leaves nothing written and the message still held', async () => {
      const { chatId, input, c } = await begin();
      const audit = [
        {
          messageId: c.messageId,
          actor: chatId,
          action: 'create_lead',
          targetEntity: null,
          targetId: null,
          argsDigest: null,
          result: 'ok' as const,
          latencyMs: 1,
        },
      ];
      const tooLong = 'x'.repeat(20_001); // violates the outbox body check, after the audit insert
      const err = await store
        .commitTurn(
          commitOf(c, {
            audit,
            memory: { set: { atomic: 'no' }, delete: [] },
            outbox: [{ chatId, body: tooLong, sendKey: `${c.messageId}:0` }],
          }),
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'internal', details: { sqlstate: '23514' } });
      const [left] = await db.admin`
        select (select count(*) from max_logs where message_id = ${c.messageId})::int as logs,
               (select count(*) from tenant_memory where tenant_id = 'alpha' and key = 'atomic')::int as memory`;
      expect(left).toEqual({ logs: 0, memory: 0 });
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({ status: 'processing' });
      await store.commitTurn(commitOf(c, { audit }));
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({ status: 'done' });
    });

    it('keeps the session bounded to the last 12 turns, through the store and in SQL itself', async () => {
      const { chatId, c } = await begin();
      const focus = { entity: 'Lead', id: 'L1', name: 'Dupont' };
      await store.commitTurn(
        commitOf(c, { session: { key: chatId, turns: turns(30), pausedUntil: null, focus } }),
      );
      const next = claimed(await store.beginTurn(whatsapp({ chatId })));
      expect(next.context.session?.turns.map((t) => t.text)).toEqual(
        turns(30)
          .slice(-12)
          .map((t) => t.text),
      );
      expect(next.context.session?.focus).toEqual(focus);
      // Another caller of the SQL function (not through the TypeScript store) is bounded too.
      await db.admin`select public.max_commit_turn(${JSON.stringify({
        tenantId: 'alpha',
        messageId: next.messageId,
        attempt: next.attempt,
        status: 'done',
        outcome: 'answered',
        session: { key: chatId, turns: turns(40), focus: null, pausedUntil: null },
      })}::text::jsonb)`;
      const [s] = await db.admin`select jsonb_array_length(turns)::int as n, turns -> -1 ->> 'text' as last
                                 from sessions where tenant_id = 'alpha' and chat_id = ${chatId}`;
      expect(s).toEqual({ n: 12, last: 't39' });
    });

    it('a new pending action supersedes the open one of the same conversation key: at most one open per key', async () => {
      const { chatId, c } = await begin();
      const pending = (tool: string) => ({
        key: chatId,
        tool,
        args: { tool },
        argsDigest: `d-${tool}`,
        ttlMs: 600_000,
      });
      await store.commitTurn(commitOf(c, { pendingCreate: pending('delete_lead') }));
      const second = claimed(await store.beginTurn(whatsapp({ chatId })));
      expect(second.context.pending).toMatchObject({
        key: chatId,
        tool: 'delete_lead',
        args: { tool: 'delete_lead' },
      });
      await store.commitTurn(commitOf(second, { pendingCreate: pending('rebuild_crm') }));
      const rows = await db.admin`select tool, consumed_at is null as open, resolution from pending_actions
                                  where tenant_id = 'alpha' and chat_id = ${chatId} order by created_at`;
      expect(rows).toEqual([
        { tool: 'delete_lead', open: false, resolution: 'superseded' },
        { tool: 'rebuild_crm', open: true, resolution: null },
      ]);
      const third = claimed(await store.beginTurn(whatsapp({ chatId })));
      expect(third.context.pending?.tool).toBe('rebuild_crm');
      // Other conversations keep theirs: alpha's seeded action on another chat, and beta's on this key's twin.
      const [others] =
        await db.admin`select count(*)::int as n from pending_actions where chat_id = ${SHARED_CHAT} and consumed_at is null`;
      expect(others!.n).toBe(2);
    });

    it('pendingResolve consumes the action with its resolution, once', async () => {
      const { chatId, c } = await begin();
      await store.commitTurn(
        commitOf(c, {
          pendingCreate: { key: chatId, tool: 'delete_lead', args: {}, argsDigest: 'd', ttlMs: 600_000 },
        }),
      );
      const yes = claimed(await store.beginTurn(whatsapp({ chatId })));
      const id = yes.context.pending!.id;
      await store.commitTurn(commitOf(yes, { pendingResolve: { id, resolution: 'confirmed' } }));
      const late = claimed(await store.beginTurn(whatsapp({ chatId })));
      expect(late.context.pending).toBeNull();
      await store.commitTurn(commitOf(late, { pendingResolve: { id, resolution: 'cancelled' } }));
      const [a] =
        await db.admin`select resolution, consumed_at is not null as consumed from pending_actions where id = ${id}`;
      expect(a).toEqual({ resolution: 'confirmed', consumed: true });
    });

    it('records an opt-out, and sets and deletes memory', async () => {
      const { chatId, c } = await begin();
      await store.commitTurn(
        commitOf(c, {
          optOut: { chatId, value: true },
          memory: { set: { lang: 'fr', signature: 'Max' }, delete: ['tone'] },
        }),
      );
      const next = claimed(await store.beginTurn(whatsapp({ chatId })));
      expect(next.context.sender).toMatchObject({ chatId, optedOut: true });
      expect(next.context.memory).toEqual({ lang: 'fr', signature: 'Max' });
      await store.commitTurn(
        commitOf(next, {
          optOut: { chatId, value: false },
          memory: { set: { lang: 'en' }, delete: ['signature'] },
        }),
      );
      const last = claimed(await store.beginTurn(whatsapp({ chatId })));
      expect(last.context.sender?.optedOut).toBe(false);
      expect(last.context.memory).toEqual({ lang: 'en' });
    });

    it('returns its replies taken for sending (status sending, attempts 1), each send key once', async () => {
      const { chatId, c } = await begin();
      const { outbox: rows } = await committed(
        store.commitTurn(
          commitOf(c, {
            outbox: [
              { chatId, body: 'one', sendKey: `${c.messageId}:0`, quotedMessageId: 'WAMID-q' },
              { chatId, body: 'two', sendKey: `${c.messageId}:1` },
              { chatId, body: 'one again', sendKey: `${c.messageId}:0` },
            ],
          }),
        ),
      );
      expect(
        rows.map((r) => [r.body, r.sendKey, r.attempts, r.checkFirst, r.messageId, r.quotedMessageId]),
      ).toEqual([
        ['one', `${c.messageId}:0`, 1, false, c.messageId, 'WAMID-q'],
        ['two', `${c.messageId}:1`, 1, false, c.messageId, null],
      ]);
      expect((await outboxOf(db.admin, c.messageId)).map((r) => r.status)).toEqual(['sending', 'sending']);
      expect(await store.takeOutbox('alpha', { messageId: c.messageId, limit: 10, dueOnly: false })).toEqual(
        [],
      );
    });
  });

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
