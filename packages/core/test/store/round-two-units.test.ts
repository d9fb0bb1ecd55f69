import { createMemoryLogger, createPostgresStore, type Store } from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSender, claimed, commitOf, turnOf, whatsapp } from './fixtures.ts';
import { asClaims, seedTwoTenants } from './seed.ts';

/**
 * The units issue 19 added or changed: max_fail_attempt (a retryable failure and its one notice)
 * and max_commit_turn's memory check (changes decided from a memory that has changed since are not
 * written). Their security like every unit's: tenant users cannot run them, a claim for one tenant
 * cannot reach another.
 */
describe('postgres store: failed attempts and memory commits', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
    store = createPostgresStore({ sql: db.sql, logger: createMemoryLogger() });
  });
  afterAll(() => db.close());

  const begin = async (tenant = 'alpha') => {
    const chatId = await addSender(db.admin, tenant);
    const input = whatsapp({ chatId, ...(tenant === 'beta' ? { instance: '1101000002' } : {}) });
    return { chatId, input, c: claimed(await store.beginTurn(input)) };
  };
  const row = async (id: string) =>
    (await db.admin`select status, error, attempts from inbound_messages where id = ${id}`)[0];
  const notices = (messageId: string) =>
    db.admin`select send_key, body, quoted_message_id from outbox where message_id = ${messageId}`;

  it('a failed attempt goes back to failed with its error; the notice is queued once and taken for sending', async () => {
    const { c, input } = await begin();
    const r = await store.failAttempt(turnOf(c), {
      error: 'outage:unavailable',
      notice: 'le CRM ne répond pas',
    });
    expect(r.held).toBe(true);
    expect(r.outbox.map((o) => [o.body, o.quotedMessageId, o.sendKey])).toEqual([
      ['le CRM ne répond pas', input.idMessage, `wait:${c.messageId}`],
    ]);
    expect(await row(c.messageId)).toMatchObject({ status: 'failed', error: 'outage:unavailable' });
    // The next attempt fails the same way: no second notice.
    const again = claimed(await store.beginTurn(input));
    expect(again.lastError).toBe('outage:unavailable');
    expect(
      (await store.failAttempt(turnOf(again), { error: 'outage:unavailable', notice: 'x' })).outbox,
    ).toEqual([]);
    expect(await notices(c.messageId)).toHaveLength(1);
  });

  it('is fenced by the attempt: an attempt that lost the message changes nothing', async () => {
    const { c } = await begin();
    expect(
      await store.failAttempt({ ...turnOf(c), attempt: c.attempt + 1 }, { error: 'x', notice: 'n' }),
    ).toEqual({
      held: false,
      outbox: [],
    });
    expect(await row(c.messageId)).toMatchObject({ status: 'processing', error: null });
    expect(await notices(c.messageId)).toHaveLength(0);
  });

  it('a commit whose memory changes were decided from a memory that changed since writes nothing, and says what it is now', async () => {
    await db.admin`delete from tenant_memory where tenant_id = 'alpha'`;
    const { c: first } = await begin();
    const { c: second } = await begin();
    const goal = (value: string) => ({ set: { 'goal.1': value }, delete: [], basedOn: {} });
    expect(await store.commitTurn(commitOf(first, { memory: goal('A') }))).toMatchObject({
      kind: 'committed',
    });
    const r = await store.commitTurn(
      commitOf(second, {
        memory: goal('B'),
        outbox: [{ chatId: 'x@c.us', body: 'Objectif 1 : B', sendKey: `${second.messageId}:0` }],
      }),
    );
    expect(r).toEqual({ kind: 'memory_conflict', memory: { 'goal.1': 'A' } });
    expect(await row(second.messageId)).toMatchObject({ status: 'processing' });
    expect(await notices(second.messageId)).toHaveLength(0);
    // Decided again from the memory as it is: goal.2.
    const again = await store.commitTurn(
      commitOf(second, { memory: { set: { 'goal.2': 'B' }, delete: [], basedOn: { 'goal.1': 'A' } } }),
    );
    expect(again).toMatchObject({ kind: 'committed' });
    const stored =
      await db.admin`select key, value from tenant_memory where tenant_id = 'alpha' order by key`;
    expect(stored.map((m) => [m.key, m.value])).toEqual([
      ['goal.1', 'A'],
      ['goal.2', 'B'],
    ]);
  });

  /** Runs one statement; its rows, or the refusal it got. */
  async function attempt(tx: Sql, stmt: string, params: string[]) {
    try {
      return { rows: await tx.unsafe(stmt, params) };
    } catch (e) {
      return { code: (e as { code?: string }).code };
    }
  }

  it('max_fail_attempt cannot be run by anon or authenticated, and a claim for alpha cannot fail a beta message', async () => {
    const { c } = await begin('beta');
    const payload = JSON.stringify({
      tenantId: 'beta',
      messageId: c.messageId,
      attempt: c.attempt,
      error: 'e',
    });
    const stmt = 'select public.max_fail_attempt($1::text::jsonb)';
    for (const [role, claims] of [
      ['anon', null],
      ['authenticated', { role: 'authenticated', tenant_id: 'beta' }],
    ] as const)
      expect(await asClaims(db.sql, role, claims, (tx) => attempt(tx, stmt, [payload]))).toEqual({
        code: '42501',
      });
    for (const role of ['service_role', 'none'])
      expect(
        await asClaims(db.sql, role, { role: 'service_role', tenant_id: 'alpha' }, (tx) =>
          attempt(tx, stmt, [payload]),
        ),
      ).toEqual({ code: '42501' });
    expect(await row(c.messageId)).toMatchObject({ status: 'processing' });
  });
});
