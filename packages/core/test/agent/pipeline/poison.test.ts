import { incomingText } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayMessage } from '../../../../../scripts/src/stack/replay.ts';
import { AGENT_SECRET, type Harness, startHarness } from './harness.ts';

/**
 * Poison messages and outages through the real pipeline: the fault is the EspoCRM stand-in's
 * (a proxy's HTML page with a 200 for one message's record, a 200 without the record, a CRM that
 * is down), each delivery goes through the stages as the queue would bring it back.
 */
const INSTANCE = '1101000001';
const ADMIN = '33600000001@c.us';
const MEMBER = '33600000002@c.us';
const T = Math.floor(Date.now() / 1000);

describe('a message that can never succeed fails fast; an outage waits, and says so', () => {
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
  });
  afterAll(() => h.close());

  const msg = (text: string, id: string, ts: number, chatId = ADMIN) =>
    incomingText({ idInstance: INSTANCE, chatId, text, idMessage: id, timestamp: ts });
  const sentTo = (chatId: string) => h.green.sent().filter((m) => m.chatId === chatId);
  const leads = (email: string) => h.espo.state.records('Lead').filter((l) => l.emailAddress === email);
  const row = async (id: string) =>
    (await h.db.admin`select status, attempts, error from inbound_messages where id_message = ${id}`)[0];

  it('a lead whose CRM answer is a proxy’s HTML page (200) is dead on its second attempt, its sender told once what was not done', async () => {
    h.espo.faults.add({ id: 'poison', mode: 'bad_answer', queryRegex: 'poison@test\\.fr' });
    const before = sentTo(ADMIN).length;
    const started = Date.now();
    const { responses } = await h.deliverUntilSettled(
      msg('crée un lead pour Paul Poison, email poison@test.fr', 'POISON-1', T),
    );
    h.espo.faults.remove('poison');
    expect(responses.map((r) => r.status)).toEqual([503, 200]);
    expect(responses[1]!.body).toMatchObject({ dead: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await row('POISON-1')).toMatchObject({
      status: 'dead',
      attempts: 2,
      error: expect.stringMatching(/^bad_answer crm GET \/Lead/),
    });
    const told = sentTo(ADMIN).slice(before);
    expect(told.map((m) => [m.message, m.quotedMessageId])).toEqual([
      [expect.stringMatching(/le CRM a répondu de façon inattendue/), 'POISON-1'],
    ]);
    expect(leads('poison@test.fr')).toHaveLength(0);
  });

  it('a write answered 200 without its record is dead on its second attempt; replayed once the CRM is fixed, it is done once and says so', async () => {
    h.espo.faults.add({
      id: 'empty',
      mode: 'bad_answer',
      method: 'POST',
      path: '/api/v1/Lead',
      body: '{}',
      contentType: 'application/json',
    });
    const { responses } = await h.deliverUntilSettled(
      msg('crée un lead pour Eve Vidal, email vidal@test.fr', 'EMPTY-1', T + 10, MEMBER),
    );
    h.espo.faults.remove('empty');
    expect(responses.map((r) => r.status)).toEqual([503, 200]);
    expect(await row('EMPTY-1')).toMatchObject({ status: 'dead', error: 'bad_answer crm POST /Lead' });
    // Its effect is unknown (a 2xx came back): recorded so, the replay looks before writing.
    const [unknown] = await h.db.admin`
      select t.state from tool_calls t join inbound_messages m on m.id = t.message_id
       where m.id_message = 'EMPTY-1' and t.tool = 'create_lead'`;
    expect(unknown).toMatchObject({ state: 'unknown' });
    expect(sentTo(MEMBER).at(-1)?.message).toMatch(/le CRM a répondu de façon inattendue/);
    // Replayed while the agent is under load: its first answers are 503s, the replay comes back.
    const agent = await h.agentServer({ overloaded: 2 });
    try {
      const res = await replayMessage(h.db.admin, 'acme', 'EMPTY-1', {
        agentUrl: agent.url,
        agentSecret: AGENT_SECRET,
      });
      expect(res).toMatchObject({ status: 200, messageStatus: 'done', tries: 3 });
      expect(res.replies.map((r) => r.body)).toContainEqual(expect.stringMatching(/Lead créé : Eve Vidal/));
    } finally {
      agent.close();
    }
    expect(leads('vidal@test.fr')).toHaveLength(1);
  });

  it('a write applied but answered without its record: the retry finds the record, one lead, answered as created', async () => {
    h.espo.faults.add({
      id: 'applied',
      mode: 'bad_answer',
      method: 'POST',
      path: '/api/v1/Lead',
      body: '{}',
      contentType: 'application/json',
      apply: true,
    });
    const { responses } = await h.deliverUntilSettled(
      msg('crée un lead pour Ali Applied, email applied@test.fr', 'APPLIED-1', T + 15, MEMBER),
    );
    h.espo.faults.remove('applied');
    expect(responses.map((r) => r.status)).toEqual([503, 200]);
    expect(await row('APPLIED-1')).toMatchObject({ status: 'done', attempts: 2 });
    expect(leads('applied@test.fr')).toHaveLength(1);
    expect(sentTo(MEMBER).at(-1)?.message).toMatch(/Lead créé : Ali Applied/);
  });

  it('a poison message never holds its chat: the next message of the sender is answered as soon as it is dead', async () => {
    h.espo.faults.add({ id: 'poison2', mode: 'bad_answer', queryRegex: 'block@test\\.fr' });
    const first = msg('crée un lead pour Bea Block, email block@test.fr', 'HOLD-1', T + 20);
    const second = msg('crée un lead pour Ned Next, email next@test.fr', 'HOLD-2', T + 21);
    const a = h.deliverUntilSettled(first);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const b = await h.deliverUntilSettled(second);
    await a;
    h.espo.faults.remove('poison2');
    expect(b.responses.at(-1)!.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await row('HOLD-1')).toMatchObject({ status: 'dead' });
    expect(leads('next@test.fr')).toHaveLength(1);
  });

  it('a CRM that is down: the message waits (retried, never dead-lettered early) and its sender is told once; a later one is told why it waits', async () => {
    h.espo.faults.add({ id: 'down', mode: 'down' });
    const chat = '33600000003@c.us';
    await h.db
      .admin`insert into whatsapp_senders (tenant_id, chat_id, role) values ('acme', ${chat}, 'member')`;
    const a = msg('crée un lead pour Oto Outage, email outage@test.fr', 'OUT-A', T + 30, chat);
    const b = msg('crée un lead pour Ola Later, email later@test.fr', 'OUT-B', T + 31, chat);
    const ra = await h.deliver(a);
    expect(ra.status).toBe(503);
    expect(await row('OUT-A')).toMatchObject({ status: 'failed', error: 'outage:unavailable' });
    // Redelivered (the queue's retry): still waiting, not told twice.
    expect((await h.deliver(a)).status).toBe(503);
    h.deps.orderWaitMs = 300;
    const rb = await h.deliver(b);
    expect(rb.status).toBe(202);
    expect((await h.deliver(b)).status).toBe(202);
    h.deps.orderWaitMs = 5000;
    const told = sentTo(chat);
    expect(told.map((m) => [m.quotedMessageId, m.message])).toEqual([
      ['OUT-A', expect.stringMatching(/Le CRM ne répond pas pour le moment/)],
      ['OUT-B', expect.stringMatching(/un message précédent attend que le CRM réponde/)],
    ]);
    h.espo.faults.remove('down');
    expect((await h.deliverUntilSettled(a)).responses.at(-1)!.status).toBe(200);
    expect((await h.deliverUntilSettled(b)).responses.at(-1)!.status).toBe(200);
    expect(
      sentTo(chat)
        .slice(2)
        .map((m) => m.message),
    ).toEqual([
      expect.stringMatching(/Lead créé : Oto Outage/),
      expect.stringMatching(/Lead créé : Ola Later/),
    ]);
  });

  it('a message that waits long for an earlier one (held by a slow attempt) is told why, once', async () => {
    const chat = '33600000004@c.us';
    await h.db
      .admin`insert into whatsapp_senders (tenant_id, chat_id, role) values ('acme', ${chat}, 'member')`;
    const held = await h.store.beginTurn({
      instance: INSTANCE,
      channel: 'whatsapp',
      idMessage: 'SLOW-1',
      chatId: chat,
      senderId: chat,
      sessionKey: chat,
      typeMessage: 'textMessage',
      waTimestamp: T + 40,
      requestId: 'r',
      content: { kind: 'text', text: 'x' },
      leaseMs: 60_000,
      settleMs: 0,
      burstWindowMs: 0,
      burstMaxWaitMs: 0,
    });
    expect(held.outcome).toBe('claimed');
    h.deps.waitNoticeAfterMs = 400;
    h.deps.orderWaitMs = 800;
    const later = msg('derniers leads', 'SLOW-2', T + 41, chat);
    expect((await h.deliver(later)).status).toBe(202);
    expect((await h.deliver(later)).status).toBe(202);
    h.deps.waitNoticeAfterMs = undefined;
    h.deps.orderWaitMs = 5000;
    expect(sentTo(chat).map((m) => [m.quotedMessageId, m.message])).toEqual([
      ['SLOW-2', expect.stringMatching(/Ce message attend qu'un message précédent soit traité/)],
    ]);
  });
});
