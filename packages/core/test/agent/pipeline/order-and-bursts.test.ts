import { incomingText } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const INSTANCE = '1101000001';
const ADMIN = '33600000001@c.us';
const MEMBER = '33600000002@c.us';
const T = Math.floor(Date.now() / 1000);

describe('per-chat order and bursts (through the real pipeline and database)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({
      id: 'acme',
      idInstance: INSTANCE,
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
    });
    h.deps.burstWindowMs = 2000;
    // Out-of-order deliveries are put back in order when they reach the agent within the settle
    // window of each other (README, Reliability): the tests below deliver 100 ms apart.
    h.deps.settleMs = 400;
  });
  afterAll(() => h.close());

  const msg = (chatId: string, text: string, ts: number, idMessage: string) =>
    incomingText({ idInstance: INSTANCE, chatId, text, timestamp: ts, idMessage });
  const replies = (chatId: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chatId)
      .map((m) => m.message);

  it('two messages of one chat delivered in reverse order and concurrently are applied in WhatsApp order', async () => {
    const first = msg(ADMIN, 'crée un lead pour Marie Ordre, email ordre@test.fr', T, 'ORDER-1');
    const second = msg(ADMIN, 'ajoute une note à ordre@test.fr : premier contact', T + 10, 'ORDER-2');
    // The later one may go back to the queue while it waits (202): the queue brings it back.
    const later = h.deliverUntilSettled(second);
    await new Promise((r) => setTimeout(r, 100));
    const [a, b] = await Promise.all([h.deliver(first), later]);
    expect([a.status, b.responses.at(-1)!.status]).toEqual([200, 200]);
    const lead = h.espo.state.records('Lead').find((l) => l.emailAddress === 'ordre@test.fr');
    expect(lead).toBeDefined();
    const notes = h.espo.state.records('Note').filter((n) => n.parentId === lead!.id);
    expect(notes).toHaveLength(1);
    const sent = replies(ADMIN);
    expect(sent.at(-2)).toMatch(/Lead créé : Marie Ordre/);
    expect(sent.at(-1)).toMatch(/Note ajoutée à Marie Ordre/);
  });

  it('a burst delivered together (a backlog: its WhatsApp times are seconds old) is one request with one reply', async () => {
    const before = replies(MEMBER).length;
    const parts = ['crée un lead Marie Rafale', 'email rafale@test.fr', 'tél 06 12 34 56 78'];
    const results = await Promise.all(
      parts.map((p, i) => h.deliver(msg(MEMBER, p, T - 60 + i, `BURST-${i}`))),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.duplicate === true)).toHaveLength(2);
    expect(replies(MEMBER).length - before).toBe(1);
    const lead = h.espo.state.records('Lead').find((l) => l.emailAddress === 'rafale@test.fr');
    expect(lead).toMatchObject({ firstName: 'Marie', lastName: 'Rafale', phoneNumber: '+33612345678' });
    const rows = await h.db
      .admin`select id_message, status, merged_into is not null as merged from inbound_messages where id_message like 'BURST-%' order by id_message`;
    expect(rows.map((r) => [r.id_message, r.status, r.merged])).toEqual([
      ['BURST-0', 'done', false],
      ['BURST-1', 'done', true],
      ['BURST-2', 'done', true],
    ]);
  });

  it('typed one after the other, a name then its e-mail then its phone: each is answered, and the lead gets all of them', async () => {
    const before = replies(MEMBER).length;
    for (const [i, p] of ['crée un lead Paul Suite', 'email suite@test.fr', 'tél 06 98 76 54 32'].entries()) {
      const r = await h.deliver(msg(MEMBER, p, T + 150 + i, `FOLLOW-${i}`));
      expect(r.status).toBe(200);
    }
    const lead = h.espo.state.records('Lead').find((l) => l.lastName === 'Suite');
    expect(lead).toMatchObject({
      firstName: 'Paul',
      emailAddress: 'suite@test.fr',
      phoneNumber: '+33698765432',
    });
    const got = replies(MEMBER).slice(before);
    expect(got).toHaveLength(3);
    expect(got[1]).toMatch(/Lead mis à jour : Paul Suite/);
  });

  it('a single message is delayed by at most the window', async () => {
    const started = Date.now();
    const res = await h.deliver(msg(MEMBER, 'derniers leads', T + 200, 'SINGLE-1'));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000 + 2000);
  });

  it('a busy chat does not hold up another chat; its later message goes back to the queue', async () => {
    // An earlier message of the admin chat is still being processed (claimed by a live attempt).
    const stuck = await h.store.beginTurn({
      instance: INSTANCE,
      channel: 'whatsapp',
      idMessage: 'STUCK-1',
      chatId: ADMIN,
      senderId: ADMIN,
      sessionKey: ADMIN,
      typeMessage: 'textMessage',
      waTimestamp: T + 300,
      requestId: 'r',
      content: { kind: 'text', text: 'x' },
      leaseMs: 60_000,
      settleMs: 0,
      burstWindowMs: 0,
      burstMaxWaitMs: 0,
    });
    expect(stuck.outcome).toBe('claimed');
    h.deps.orderWaitMs = 500;
    const [blocked, other] = await Promise.all([
      h.deliver(msg(ADMIN, 'derniers leads', T + 301, 'AFTER-STUCK')),
      h.deliver(msg(MEMBER, 'derniers leads', T + 301, 'OTHER-CHAT')),
    ]);
    h.deps.orderWaitMs = 5_000;
    expect(blocked.status).toBe(202);
    expect(blocked.body).toMatchObject({ outcome: 'defer', reason: 'waiting_for_earlier' });
    expect(other.status).toBe(200);
    // Once the earlier one is done, the redelivery goes through.
    if (stuck.outcome === 'claimed')
      await h.store.commitTurn({
        tenantId: stuck.tenantId,
        messageId: stuck.messageId,
        attempt: stuck.attempt,
        status: 'done',
        outcome: 'answered',
        merged: [],
        audit: [],
        session: null,
        outbox: [],
      });
    expect((await h.deliver(msg(ADMIN, 'derniers leads', T + 301, 'AFTER-STUCK'))).status).toBe(200);
  });
});
