import type { Store } from '@max/core';
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
  whatsapp,
} from './fixtures.ts';
import { INSTANCES } from './seed.ts';
import { seededStore } from './seeded-store.ts';

/**
 * The store's claim of a message (beginTurn) through createPostgresStore, one SQL function call
 * running as `authenticated` under RLS (lease, tool results, settings: postgres-store.test.ts).
 */
describe('postgres store: begin', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    ({ db, store } = await seededStore((admin) =>
      addTenant(admin, 'off', '1101000009', { status: 'disabled' }),
    ));
  });
  afterAll(() => db.close());

  describe('begin', () => {
    it('a new message is claimed once: a redelivery while it runs is busy, once done a duplicate', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const input = whatsapp({ chatId });
      const c = claimed(await store.beginTurn(input));
      expect(c).toMatchObject({ tenantId: 'alpha', attempt: 1, followers: [] });
      expect(await store.beginTurn(input)).toMatchObject({ outcome: 'busy', messageId: c.messageId });
      await store.commitTurn(commitOf(c));
      expect(await store.beginTurn(input)).toEqual({
        outcome: 'duplicate',
        tenantId: 'alpha',
        messageId: c.messageId,
        status: 'done',
        unsent: 0,
      });
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        attempts: 1,
        status: 'done',
      });
    });

    const how = process.env.DATABASE_URL
      ? 'concurrent on PostgreSQL (20 connections)'
      : "interleaved on PGlite's one session";

    it(`50 begins of one new message, ${how}: exactly one claimed, never two`, async () => {
      const input = whatsapp({ chatId: await addSender(db.admin, 'alpha') });
      const results = await Promise.all(Array.from({ length: 50 }, () => store.beginTurn(input)));
      const outcomes = results.map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'claimed')).toHaveLength(1);
      expect(outcomes.every((o) => ['claimed', 'busy', 'wait', 'duplicate'].includes(o))).toBe(true);
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        attempts: 1,
        status: 'processing',
      });
    });

    it(`50 begins of a message already recorded (waiting for its burst), ${how}: exactly one claimed`, async () => {
      // The row exists, so the race is on the claiming UPDATE rather than on the INSERT.
      const input = whatsapp({ chatId: await addSender(db.admin, 'alpha') });
      const first = await store.beginTurn({ ...input, settleMs: 60_000, burstMaxWaitMs: 120_000 });
      expect(first).toMatchObject({ outcome: 'wait', reason: 'burst' });
      const results = await Promise.all(Array.from({ length: 50 }, () => store.beginTurn(input)));
      expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
      expect(results.every((r) => ['claimed', 'busy', 'wait', 'duplicate'].includes(r.outcome))).toBe(true);
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({ attempts: 1 });
    });

    it('the same id_message in another tenant is another message', async () => {
      const chatId = freshPhone();
      await addSender(db.admin, 'alpha', chatId);
      await addSender(db.admin, 'beta', chatId);
      const idMessage = freshIdMessage();
      const a = claimed(await store.beginTurn(whatsapp({ chatId, idMessage })));
      const b = claimed(await store.beginTurn(whatsapp({ chatId, idMessage, instance: INSTANCES.beta })));
      expect([a.tenantId, b.tenantId]).toEqual(['alpha', 'beta']);
      expect(b.messageId).not.toBe(a.messageId);
      expect(b.attempt).toBe(1);
    });

    it('an unknown instance is refused and records nothing', async () => {
      const input = whatsapp({ chatId: freshPhone(), instance: '9999999999' });
      expect(await store.beginTurn(input)).toEqual({ outcome: 'unknown_instance' });
      const [n] =
        await db.admin`select count(*)::int as n from inbound_messages where id_message = ${input.idMessage}`;
      expect(n!.n).toBe(0);
    });

    it('a disabled tenant is refused and records nothing', async () => {
      const input = whatsapp({ chatId: freshPhone(), instance: '1101000009' });
      expect(await store.beginTurn(input)).toEqual({ outcome: 'tenant_disabled', tenantId: 'off' });
      expect(await messageRow(db.admin, 'off', input.idMessage)).toBeUndefined();
    });

    it('web chat: a user who is not a member gets not_member; a member is claimed with its role', async () => {
      const [owner] = await db.admin`select user_id from tenant_members where tenant_id = 'alpha'`;
      const beta = await db.admin`select user_id from tenant_members where tenant_id = 'beta'`;
      const web = (userId: string) => ({
        ...whatsapp({ chatId: `web:${userId}`, instance: undefined }),
        tenantId: 'alpha',
        channel: 'web' as const,
        userId,
      });
      // beta's owner is a user too, but not of alpha.
      expect(await store.beginTurn(web(beta[0]!.user_id))).toEqual({
        outcome: 'not_member',
        tenantId: 'alpha',
      });
      expect(await store.beginTurn(web(crypto.randomUUID()))).toEqual({
        outcome: 'not_member',
        tenantId: 'alpha',
      });
      const c = claimed(await store.beginTurn(web(owner!.user_id)));
      expect(c.context.memberRole).toBe('owner');
    });

    it('a group chat while groups are off is ignored, and its row keeps no content', async () => {
      const member = await addSender(db.admin, 'alpha');
      const input = whatsapp({
        chatId: freshGroup(),
        senderId: member,
        content: { kind: 'text', text: 'secret group talk' },
      });
      expect(await store.beginTurn(input)).toEqual({
        outcome: 'ignored',
        tenantId: 'alpha',
        reason: 'group_disabled',
      });
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        status: 'ignored',
        content: null,
        outcome: 'group_disabled',
        sender_id: member,
      });
    });

    it("a stranger's message is stored with content NULL (no text, transcript or media URL)", async () => {
      const input = whatsapp({
        chatId: freshPhone(), // not in whatsapp_senders
        typeMessage: 'audioMessage',
        content: {
          kind: 'audio',
          text: 'my card number is 4970…',
          transcript: 'my card number is 4970…',
          file: { url: 'https://media.green-api.test/file/abc.ogg', mimeType: 'audio/ogg' },
        },
      });
      const c = claimed(await store.beginTurn(input));
      expect(c.context.sender).toBeNull();
      expect(c.followers).toEqual([]);
      const row = await messageRow(db.admin, 'alpha', input.idMessage);
      expect(row).toMatchObject({ status: 'processing', content: null });
      const [any] = await db.admin`select count(*)::int as n from inbound_messages
                                   where content::text like '%4970%' or content::text like '%abc.ogg%'`;
      expect(any!.n).toBe(0);
    });

    it("a known sender's content is kept until commit, and cleared by commit", async () => {
      const input = whatsapp({
        chatId: await addSender(db.admin, 'alpha'),
        content: { kind: 'text', text: 'crée un lead' },
      });
      const c = claimed(await store.beginTurn(input));
      expect((await messageRow(db.admin, 'alpha', input.idMessage))!.content).toEqual({
        kind: 'text',
        text: 'crée un lead',
      });
      await store.commitTurn(commitOf(c));
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        status: 'done',
        content: null,
      });
    });

    it("a known sender's message without content (JSON null) is claimed, not refused by the content check", async () => {
      const input = whatsapp({ chatId: await addSender(db.admin, 'alpha'), content: null });
      claimed(await store.beginTurn(input));
      expect(await messageRow(db.admin, 'alpha', input.idMessage)).toMatchObject({
        status: 'processing',
        content: null,
      });
    });

    it('a human typing on the business phone pauses the chat (once)', async () => {
      const chatId = await addSender(db.admin, 'alpha');
      const input = whatsapp({ chatId, channel: 'human', content: null });
      const r = await store.beginTurn(input);
      expect(r).toMatchObject({ outcome: 'paused', tenantId: 'alpha' });
      expect((await store.beginTurn(input)).outcome).toBe('duplicate');
      const [s] = await db.admin`select paused_until > now() + interval '29 minutes' as paused from sessions
                                 where tenant_id = 'alpha' and chat_id = ${chatId}`;
      expect(s!.paused).toBe(true);
    });
  });
});
