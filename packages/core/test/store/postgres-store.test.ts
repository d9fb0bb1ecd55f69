import { AppError, type Store } from '@max/core';
import type { TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSender,
  addTenant,
  claimed,
  commitOf,
  committed,
  expireLease,
  freshIdMessage,
  messageRow,
  oneRoundTrip,
  turnOf,
  whatsapp,
} from './fixtures.ts';
import { INSTANCES } from './seed.ts';
import { seededStore } from './seeded-store.ts';

/**
 * The store's units of work through createPostgresStore, each one SQL function call running as
 * `authenticated` under RLS: lease and fencing, tool results, settings, round trips (the claim
 * itself: begin.test.ts).
 */
describe('postgres store: lease, tool results, settings', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    ({ db, store } = await seededStore((admin) =>
      addTenant(admin, 'off', '1101000009', { status: 'disabled' }),
    ));
  });
  afterAll(() => db.close());

  describe('lease and fencing', () => {
    it('a live lease answers busy, with retryAfterMs until it runs out', async () => {
      const input = whatsapp({ chatId: await addSender(db.admin, 'alpha'), leaseMs: 30_000 });
      claimed(await store.beginTurn(input));
      const r = await store.beginTurn(input);
      if (r.outcome !== 'busy') throw new Error(`expected busy, got ${r.outcome}`);
      expect(r.retryAfterMs).toBeGreaterThan(25_000);
      expect(r.retryAfterMs).toBeLessThanOrEqual(31_000);
    });

    it('after the lease ran out a redelivery re-claims (attempt + 1); the old attempt can no longer put, heartbeat, fail or commit', async () => {
      const input = whatsapp({ chatId: await addSender(db.admin, 'alpha') });
      const first = claimed(await store.beginTurn(input));
      await expireLease(db.admin, first.messageId);
      const second = claimed(await store.beginTurn(input));
      expect(second.attempt).toBe(first.attempt + 1);
      expect(second.messageId).toBe(first.messageId);

      const old = turnOf(first);
      const result = {
        callIndex: 0,
        tool: 'create_lead',
        argsDigest: 'd',
        ok: true,
        result: { id: 'L-old' },
      };
      expect(await store.putToolResult(old, result, 60_000)).toBe(false);
      expect(await store.heartbeat(old, 60_000)).toBe(false);
      expect(await store.failTurn(old, 'boom', false)).toBe(false);
      expect(await store.failTurn(old, 'boom', true)).toBe(false);
      const lost = await store
        .commitTurn(
          commitOf(first, { outbox: [{ chatId: input.chatId, body: 'x', sendKey: `${first.messageId}:0` }] }),
        )
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(lost).toBeInstanceOf(AppError);
      expect(lost).toMatchObject({ code: 'conflict', retryable: false, details: { kind: 'lease_lost' } });

      // Nothing of the old attempt landed: the new one still holds the message.
      const row = await messageRow(db.admin, 'alpha', input.idMessage);
      expect(row).toMatchObject({ status: 'processing', attempts: 2, error: null });
      const [writes] = await db.admin`
        select (select count(*) from tool_calls where message_id = ${first.messageId})::int as tools,
               (select count(*) from outbox where message_id = ${first.messageId})::int as replies`;
      expect(writes).toEqual({ tools: 0, replies: 0 });
      expect(await store.commitTurn(commitOf(second))).toEqual({ kind: 'committed', outbox: [] });
    });

    it('heartbeat extends the lease (and only the holding attempt may)', async () => {
      const input = whatsapp({ chatId: await addSender(db.admin, 'alpha'), leaseMs: 1_000 });
      const c = claimed(await store.beginTurn(input));
      expect(await store.heartbeat({ ...turnOf(c), attempt: c.attempt + 1 }, 120_000)).toBe(false);
      expect(await store.heartbeat(turnOf(c), 120_000)).toBe(true);
      const [l] =
        await db.admin`select extract(epoch from lease_until - now())::float as s from inbound_messages
                                 where id = ${c.messageId}`;
      expect(l!.s).toBeGreaterThan(100);
      const r = await store.beginTurn(input);
      expect(r).toMatchObject({ outcome: 'busy' });
      if (r.outcome === 'busy') expect(r.retryAfterMs).toBeGreaterThan(100_000);
    });

    it('a retryable failure gives the message back: the next delivery is attempt 2; a final one marks it dead', async () => {
      const input = whatsapp({ chatId: await addSender(db.admin, 'alpha') });
      const first = claimed(await store.beginTurn(input));
      expect(await store.failTurn(turnOf(first), 'crm unavailable', false)).toBe(true);
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        status: 'failed',
        error: 'crm unavailable',
      });
      const second = claimed(await store.beginTurn(input));
      expect(second.attempt).toBe(2);
      expect(await store.failTurn(turnOf(second), 'refused', true)).toBe(true);
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        status: 'dead',
        lease_until: null,
      });
      expect(await store.beginTurn(input)).toMatchObject({ outcome: 'duplicate', status: 'dead' });
    });
  });

  describe('tool results', () => {
    const call = (over: object) => ({
      callIndex: 0,
      tool: 'create_lead',
      argsDigest: 'd0',
      ok: true,
      result: {},
      ...over,
    });

    it("an 'unknown' result is replaced by the final one; a 'done' result is never overwritten", async () => {
      const input = whatsapp({ chatId: await addSender(db.admin, 'alpha') });
      const first = claimed(await store.beginTurn(input));
      const t = turnOf(first);
      expect(
        await store.putToolResult(
          t,
          call({ ok: false, result: { kind: 'timeout' }, state: 'unknown' }),
          60_000,
        ),
      ).toBe(true);
      expect(await store.putToolResult(t, call({ result: { id: 'L1' } }), 60_000)).toBe(true);
      expect(await store.putToolResult(t, call({ result: { id: 'L2' } }), 60_000)).toBe(true);
      await store.putToolResult(
        t,
        call({ callIndex: 1, tool: 'add_note', ok: false, result: { kind: 'error' } }),
        60_000,
      );
      await expireLease(db.admin, first.messageId);
      const second = claimed(await store.beginTurn(input));
      expect(second.context.stored).toEqual([
        {
          callIndex: 0,
          tool: 'create_lead',
          argsDigest: 'd0',
          ok: true,
          result: { id: 'L1' },
          state: 'done',
        },
        {
          callIndex: 1,
          tool: 'add_note',
          argsDigest: 'd0',
          ok: false,
          result: { kind: 'error' },
          state: 'done',
        },
      ]);
    });

    it('stored results are returned to attempts after the first only', async () => {
      // A row recorded earlier (attempts 0) that somehow has results: attempt 1 must still start clean.
      const chatId = await addSender(db.admin, 'alpha');
      const input = whatsapp({ chatId });
      const [m] = await db.admin`
        insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp, status, attempts)
        values ('alpha', ${input.idMessage}, ${chatId}, ${chatId}, 'textMessage', ${input.waTimestamp}, 'received', 0)
        returning id`;
      await db.admin`insert into tool_calls (tenant_id, message_id, call_index, tool, args_digest, ok, result)
                     values ('alpha', ${m!.id}, 0, 'create_lead', 'd', true, '{"id":"L7"}')`;
      const first = claimed(await store.beginTurn(input));
      expect(first.attempt).toBe(1);
      expect(first.context.stored).toEqual([]);
      await expireLease(db.admin, first.messageId);
      const second = claimed(await store.beginTurn(input));
      expect(second.context.stored).toEqual([
        { callIndex: 0, tool: 'create_lead', argsDigest: 'd', ok: true, result: { id: 'L7' }, state: 'done' },
      ]);
    });
  });

  describe('settings', () => {
    const version = async (tenant = 'alpha') =>
      Number(
        (await db.admin`select settings_version from tenants where id = ${tenant}`)[0]!.settings_version,
      );

    it('settings_version moves when a tenant setting or a secret changes, not on a no-op update', async () => {
      const v0 = await version();
      const beta0 = await version('beta');
      await db.admin`update tenants set name = name where id = 'alpha'`;
      expect(await version()).toBe(v0);
      await db.admin`update tenants set assistant_name = 'Maxine' where id = 'alpha'`;
      expect(await version()).toBe(v0 + 1);
      await db.admin`insert into tenant_secrets (tenant_id, name, key_id, ciphertext) values ('alpha', 'llm_api_key', 'k1', 'v1.a')`;
      expect(await version()).toBe(v0 + 2);
      await db.admin`update tenant_secrets set ciphertext = 'v1.b' where tenant_id = 'alpha' and name = 'llm_api_key'`;
      expect(await version()).toBe(v0 + 3);
      await db.admin`delete from tenant_secrets where tenant_id = 'alpha' and name = 'llm_api_key'`;
      expect(await version()).toBe(v0 + 4);
      expect(await version('beta')).toBe(beta0); // another tenant's clients stay cached
    });

    it('begin (and tenantContext) return the secrets only when knownVersion differs', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const current = await version();
      const fresh = claimed(await store.beginTurn(whatsapp({ chatId, knownVersion: current - 1 })));
      expect(fresh.context.tenant.settingsVersion).toBe(current);
      expect(fresh.context.secrets).toEqual([
        { name: 'crm_api_key', keyId: 'k1', ciphertext: 'v1.k1.x.alpha.y.z' },
      ]);
      const cached = claimed(
        await store.beginTurn(
          whatsapp({ chatId: await addSender(db.admin, 'alpha'), knownVersion: current }),
        ),
      );
      expect(cached.context.secrets).toBeNull();
      const none = claimed(await store.beginTurn(whatsapp({ chatId: await addSender(db.admin, 'alpha') })));
      expect(none.context.secrets).toHaveLength(1);
      expect((await store.tenantContext('alpha', current))?.secrets).toBeNull();
      expect((await store.tenantContext('alpha', current - 1))?.secrets).toHaveLength(1);
      expect(await store.tenantContext('nobody')).toBeNull();
    });
  });

  it('every unit of work is one statement (one round trip)', async () => {
    const chatId = await addSender(db.admin, 'alpha');
    const input = whatsapp({ chatId });
    const c = claimed(await oneRoundTrip(store, () => store.beginTurn(input)));
    const t = turnOf(c);
    await oneRoundTrip(store, () =>
      store.putToolResult(t, { callIndex: 0, tool: 'x', argsDigest: 'd', ok: true, result: null }, 60_000),
    );
    await oneRoundTrip(store, () => store.heartbeat(t, 60_000));
    const { outbox: rows } = await oneRoundTrip(store, () =>
      committed(
        store.commitTurn(
          commitOf(c, {
            audit: [
              {
                messageId: c.messageId,
                actor: chatId,
                action: 'reply',
                targetEntity: null,
                targetId: null,
                argsDigest: null,
                result: 'ok',
                latencyMs: 1,
              },
            ],
            session: {
              key: chatId,
              turns: [{ role: 'user', text: 'x', at: new Date().toISOString() }],
              pausedUntil: null,
              focus: null,
            },
            memory: { set: { k: 'v' }, delete: [] },
            outbox: [{ chatId, body: 'ok', sendKey: `${c.messageId}:0` }],
          }),
        ),
      ),
    );
    expect(rows).toHaveLength(1);
    await oneRoundTrip(store, () =>
      store.completeSend('alpha', rows[0]!.id, { sent: true, providerMessageId: 'WA-1' }),
    );
    await oneRoundTrip(store, () => store.takeOutbox('alpha', { limit: 10, dueOnly: true }));
    const other = claimed(await store.beginTurn(whatsapp({ chatId: await addSender(db.admin, 'alpha') })));
    await oneRoundTrip(store, () => store.failTurn(turnOf(other), 'x', false));
    await oneRoundTrip(store, () =>
      store.deadLetter({
        instance: INSTANCES.alpha,
        idMessage: freshIdMessage(),
        chatId,
        senderId: chatId,
        typeMessage: 'textMessage',
        waTimestamp: 1,
        requestId: 'r',
        reason: 'retries exhausted',
        content: null,
        notice: null,
      }),
    );
    await oneRoundTrip(store, () => store.tenantContext('alpha'));
    await oneRoundTrip(store, () => store.activeInstances());
    expect(store.roundTripsByUnit()).toMatchObject({ begin: expect.any(Number), commit: expect.any(Number) });
  });
});
