import { AppError, type Store } from '@max/core';
import type { TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSender, claimed, commitOf, committed, messageRow, outboxOf, whatsapp } from './fixtures.ts';
import { INSTANCES, SHARED_CHAT } from './seed.ts';
import { seededStore } from './seeded-store.ts';

/** What a turn leaves behind (commit); how its replies go out: outbox-and-dead-letters.test.ts. */
describe('postgres store: commit', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    ({ db, store } = await seededStore());
  });
  afterAll(() => db.close());

  const begin = async () => {
    const chatId = await addSender(db.admin, 'alpha');
    const input = whatsapp({ chatId, instance: INSTANCES.alpha });
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
});
