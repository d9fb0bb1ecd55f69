import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAgentRequest, signInternal } from '@max/core';
import { incomingText } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayMessage } from '../../../../../scripts/src/stack/replay.ts';
import { AGENT_SECRET, type Harness, startHarness } from './harness.ts';

/**
 * Issue 12 through the real pipeline: each fault is switched on in a stand-in (fault layer) or
 * performed on the database, the message goes through the stages as the queue would deliver it
 * (again after a 202 or a 503), and what reached the CRM and WhatsApp is counted.
 */
const INSTANCE = '1101000001';
const ADMIN = '33600000001@c.us';
const MEMBER = '33600000002@c.us';
const T = Math.floor(Date.now() / 1000);

describe('exactly once under faults (pipeline)', () => {
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
    await h.seedTenant({
      id: 'slow',
      idInstance: '1101000009',
      crmUrl: h.espo.url,
      admin: ADMIN,
      chatMessagesPerMinute: 3,
    });
  });
  afterAll(() => h.close());

  const msg = (text: string, id: string, ts = T, chatId = ADMIN, instance = INSTANCE) =>
    incomingText({ idInstance: instance, chatId, text, idMessage: id, timestamp: ts });
  const leads = (email: string) => h.espo.state.records('Lead').filter((l) => l.emailAddress === email);
  const notesOf = (id: string) =>
    h.espo.state.records('Note').filter((n) => n.parentId === id && n.type === 'Post');
  const sentTo = (chatId: string) => h.green.sent().filter((m) => m.chatId === chatId);
  const job = async (payload: Record<string, unknown>) => {
    const body = JSON.stringify({ v: 1, requestId: crypto.randomUUID(), ...payload });
    const { handleAgentRequest } = await import('@max/core');
    return handleAgentRequest(h.deps, {
      headers: new Headers(await signInternal(AGENT_SECRET, body, new Date())),
      body,
    });
  };
  const status = async (id: string) =>
    (
      await h.db.admin`select status, attempts, error, outcome from inbound_messages where id_message = ${id}`
    )[0];

  it('an attempt that died holds the message only for its short lease: the redelivery is deferred meanwhile, then finishes it', async () => {
    // What a SIGKILLed agent leaves: a claimed message with a live lease and nothing else.
    const crashed = await h.store.beginTurn({
      instance: INSTANCE,
      channel: 'whatsapp',
      idMessage: 'CRASH-1',
      chatId: ADMIN,
      senderId: ADMIN,
      sessionKey: ADMIN,
      typeMessage: 'textMessage',
      waTimestamp: T,
      requestId: 'r',
      content: { kind: 'text', text: 'x' },
      leaseMs: 4000,
      settleMs: 0,
      burstWindowMs: 0,
      burstMaxWaitMs: 0,
    });
    expect(crashed.outcome).toBe('claimed');
    const event = msg('crée un lead pour Paul Crash, email crash@test.fr', 'CRASH-1');
    h.deps.orderWaitMs = 300; // how long a delivery waits in-process before handing back to the queue
    const early = await h.deliver(event);
    h.deps.orderWaitMs = 5000;
    expect(early.status).toBe(202); // never acknowledged while the attempt might be alive
    expect(early.body).toMatchObject({ outcome: 'defer', reason: 'in_progress' });
    await new Promise((r) => setTimeout(r, Number(early.headers?.['retry-after']) * 1000));
    const late = await h.deliver(event);
    expect(late.status).toBe(200);
    expect(leads('crash@test.fr')).toHaveLength(1);
    expect(await status('CRASH-1')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('an agent killed after committing, before sending: the redelivery is not acknowledged while the reply is held, then sends it once', async () => {
    // What the killed attempt left: a committed turn whose reply row is `sending` (taken, never sent).
    const base = {
      instance: INSTANCE,
      channel: 'whatsapp' as const,
      idMessage: 'KILLED-SEND',
      chatId: MEMBER,
      senderId: MEMBER,
      sessionKey: MEMBER,
      typeMessage: 'textMessage',
      waTimestamp: T + 5,
      requestId: 'r',
      content: { kind: 'text', text: 'derniers leads' },
      leaseMs: 10_000,
      settleMs: 0,
      burstWindowMs: 0,
      burstMaxWaitMs: 0,
    };
    const c = await h.store.beginTurn(base);
    if (c.outcome !== 'claimed') throw new Error(c.outcome);
    const taken = await h.store.commitTurn({
      tenantId: c.tenantId,
      messageId: c.messageId,
      attempt: c.attempt,
      status: 'done',
      outcome: 'answered',
      merged: [],
      audit: [],
      session: null,
      outbox: [{ chatId: MEMBER, body: 'réponse tuée en vol', sendKey: `${c.messageId}:0` }],
    });
    expect(taken).toMatchObject({ kind: 'committed', outbox: [expect.anything()] });
    const event = msg('derniers leads', 'KILLED-SEND', T + 5, MEMBER);
    const early = await h.deliver(event);
    expect(early.status).toBe(202);
    expect(early.body).toMatchObject({ reason: 'reply_in_flight' });
    expect(sentTo(MEMBER).filter((m) => m.message === 'réponse tuée en vol')).toHaveLength(0);
    await h.db
      .admin`update outbox set next_attempt_at = now() - interval '1 second' where send_key = ${`${c.messageId}:0`}`;
    expect((await h.deliver(event)).status).toBe(200);
    expect((await h.deliver(event)).status).toBe(200);
    expect(sentTo(MEMBER).filter((m) => m.message === 'réponse tuée en vol')).toHaveLength(1);
  });

  it('EspoCRM saves a Note but its answer is lost: recorded as unknown, and the retry finds the note instead of writing it again', async () => {
    await h.deliver(msg('crée un lead pour Nora Note, email nora@test.fr', 'NOTE-0', T + 10));
    const lead = leads('nora@test.fr')[0]!;
    h.espo.faults.add({ mode: 'lose_answer', method: 'POST', path: '/api/v1/Note', count: 1 });
    const event = msg('ajoute une note à nora@test.fr : rappeler jeudi', 'NOTE-1', T + 11);
    const first = await h.deliver(event);
    expect(first.status).toBe(503);
    const [tool] = await h.db.admin`
      select t.state from tool_calls t join inbound_messages m on m.id = t.message_id where m.id_message = 'NOTE-1'`;
    expect(tool?.state).toBe('unknown');
    expect(notesOf(String(lead.id))).toHaveLength(1); // the CRM did write it
    const again = await h.deliverUntilSettled(event);
    expect(again.responses.at(-1)!.status).toBe(200);
    expect(notesOf(String(lead.id))).toHaveLength(1);
    expect(sentTo(ADMIN).at(-1)!.message).toMatch(/Note ajoutée à Nora Note/);
  });

  it('EspoCRM creates a Lead but its answer is lost: one lead, and the reply says it was created (not "already exists")', async () => {
    h.espo.faults.add({ mode: 'lose_answer', method: 'POST', path: '/api/v1/Lead', count: 1 });
    const event = msg('crée un lead pour Lola Perdue, email lola@test.fr', 'LEAD-LOST-1', T + 13);
    expect((await h.deliver(event)).status).toBe(503);
    expect((await h.deliverUntilSettled(event)).responses.at(-1)!.status).toBe(200);
    expect(leads('lola@test.fr')).toHaveLength(1);
    expect(sentTo(ADMIN).at(-1)!.message).toMatch(/Lead créé : Lola Perdue/);
  });

  it('EspoCRM creates a Task but its answer is lost: one task', async () => {
    h.espo.faults.add({ mode: 'lose_answer', method: 'POST', path: '/api/v1/Task', count: 1 });
    const event = msg('crée une tâche rappeler nora@test.fr demain', 'TASK-1', T + 12);
    expect((await h.deliver(event)).status).toBe(503);
    expect((await h.deliverUntilSettled(event)).responses.at(-1)!.status).toBe(200);
    expect(h.espo.state.records('Task').filter((t) => /rappeler/i.test(String(t.name)))).toHaveLength(1);
  });

  it('Green-API sends the reply but its answer is lost: the redelivery finds it in Green-API’s record and does not send it again', async () => {
    h.green.faults.add({ mode: 'lose_answer', pathRegex: '/sendMessage/', count: 1 });
    const before = sentTo(MEMBER).length;
    const event = msg('trouve le lead nora@test.fr', 'LOST-ANSWER-1', T + 20, MEMBER);
    const first = await h.deliver(event);
    expect(first.status).toBe(503);
    expect(sentTo(MEMBER).length).toBe(before + 1); // it did go out
    const [row] = await h.db.admin`
      select o.status from outbox o join inbound_messages m on m.id = o.message_id where m.id_message = 'LOST-ANSWER-1'`;
    expect(row?.status).toBe('unknown');
    expect((await h.deliver(event)).status).toBe(200);
    expect((await h.deliver(event)).status).toBe(200);
    expect(sentTo(MEMBER).length).toBe(before + 1);
  });

  it('CRM down, then back: the failed message and the one queued behind it each run once, in order; nothing is dead-lettered', async () => {
    h.espo.faults.add({ id: 'down', mode: 'down', forMs: 60_000 });
    const a = msg('crée un lead pour Dora Down, email dora@test.fr', 'DOWN-A', T + 30);
    const b = msg('ajoute une note à dora@test.fr : après la panne', 'DOWN-B', T + 31);
    expect((await h.deliver(a)).status).toBe(503);
    h.deps.orderWaitMs = 300;
    const bWhileDown = await h.deliver(b);
    h.deps.orderWaitMs = 5000;
    expect(bWhileDown.status).toBe(202); // it waits for A, it is not failed
    expect(await status('DOWN-B')).toMatchObject({ status: 'received' });
    h.espo.faults.remove('down');
    expect((await h.deliverUntilSettled(a)).responses.at(-1)!.status).toBe(200);
    expect((await h.deliverUntilSettled(b)).responses.at(-1)!.status).toBe(200);
    const lead = leads('dora@test.fr');
    expect(lead).toHaveLength(1);
    expect(notesOf(String(lead[0]!.id))).toHaveLength(1);
  });

  it('a message that fails for good (dead-lettered) no longer blocks its chat; its sender is told once which message failed', async () => {
    h.espo.faults.add({ id: 'down2', mode: 'down', forMs: 60_000 });
    const dead = msg('crée un lead pour Zoe Dead, email zoe@test.fr', 'DEAD-1', T + 40);
    expect((await h.deliver(dead)).status).toBe(503);
    h.espo.faults.remove('down2');
    const before = sentTo(ADMIN).length;
    // The queue gave up on it (retries exhausted): the dead-letter consumer hands it to the agent, twice.
    const queued = {
      v: 1,
      kind: 'inbound',
      requestId: 'dlq-1',
      receivedAt: new Date().toISOString(),
      event: dead,
    };
    expect((await job({ kind: 'dead_letter', reason: 'retries_exhausted', message: queued })).status).toBe(
      200,
    );
    expect((await job({ kind: 'dead_letter', reason: 'retries_exhausted', message: queued })).status).toBe(
      200,
    );
    expect(await status('DEAD-1')).toMatchObject({ status: 'dead', error: 'retries_exhausted' });
    const notices = sentTo(ADMIN).slice(before);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/n'ai pas pu traiter ce message/);
    expect(notices[0]!.quotedMessageId).toBe('DEAD-1');
    // The next message of the chat runs at once.
    const next = await h.deliver(msg('derniers leads', 'AFTER-DEAD', T + 41));
    expect(next.status).toBe(200);
    const [failure] = await h.db.admin`select kind, detail from recent_failures where ref = 'DEAD-1'`;
    expect(failure).toMatchObject({ kind: 'message', detail: 'retries_exhausted' });
  });

  it('a dead message is replayed by the operator (npm run tenant -- replay) through the agent, once', async () => {
    // The agent endpoint over HTTP, as the CLI reaches it.
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers(req.headers as Record<string, string>);
      const out = await handleAgentRequest(h.deps, { headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
      res.end(JSON.stringify(out.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const agentUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(leads('zoe@test.fr')).toHaveLength(0);
      const res = await replayMessage(h.db.admin, 'acme', 'DEAD-1', { agentUrl, agentSecret: AGENT_SECRET });
      expect(res.status).toBe(200);
      expect(leads('zoe@test.fr')).toHaveLength(1);
      expect(await status('DEAD-1')).toMatchObject({ status: 'done' });
      // Done now: a second replay is refused, nothing runs twice.
      await expect(
        replayMessage(h.db.admin, 'acme', 'DEAD-1', { agentUrl, agentSecret: AGENT_SECRET }),
      ).rejects.toThrow(/only dead messages are replayed/);
      expect(leads('zoe@test.fr')).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('throttling counts distinct messages and drops none: over the chat’s rate they wait and run later, in order, with one honest notice', async () => {
    const slow = (text: string, id: string, ts: number) => msg(text, id, ts, ADMIN, '1101000009');
    const events = [1, 2, 3, 4, 5].map((i) =>
      slow(`crée un lead pour Lent ${i}, email lent${i}@test.fr`, `RATE-${i}`, T + 50 + i),
    );
    const first = [];
    for (const e of events) first.push(await h.deliver(e));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 202, 202]);
    expect(first[3]!.body).toMatchObject({ reason: 'chat_rate' });
    // Redeliveries of messages already run do not use up the rate.
    expect((await h.deliver(events[0]!)).body).toMatchObject({ duplicate: true });
    const notices = h.green.sent().filter((m) => m.message.includes('je les traite tous'));
    expect(notices).toHaveLength(1);
    // A minute later (moved back in the database) the waiting ones run, in WhatsApp order.
    await h.db
      .admin`update inbound_messages set started_at = started_at - interval '61 seconds' where id_message like 'RATE-%'`;
    h.deps.orderWaitMs = 300;
    expect((await h.deliver(events[4]!)).body).toMatchObject({ reason: 'waiting_for_earlier' }); // RATE-4 goes first
    h.deps.orderWaitMs = 5000;
    expect((await h.deliverUntilSettled(events[3]!)).responses.at(-1)!.status).toBe(200);
    expect((await h.deliverUntilSettled(events[4]!)).responses.at(-1)!.status).toBe(200);
    for (const i of [1, 2, 3, 4, 5]) expect(leads(`lent${i}@test.fr`)).toHaveLength(1);
  });

  it('a copy delivered twice at the chat’s limit never loses the message: one runs it later, the other finds it done', async () => {
    // Fill the chat's minute (RATE-4 and RATE-5 ran just now; one more reaches the limit of 3).
    expect((await h.deliver(msg('derniers leads', 'RATE-6', T + 59, ADMIN, '1101000009'))).status).toBe(200);
    const ev = msg(
      'crée un lead pour Double Copie, email double@test.fr',
      'RATE-DUP',
      T + 60,
      ADMIN,
      '1101000009',
    );
    const [x, y] = await Promise.all([h.deliver(ev), h.deliver(ev)]);
    expect([x.status, y.status].sort()).toEqual([202, 202]);
    await h.db
      .admin`update inbound_messages set started_at = started_at - interval '61 seconds' where id_message like 'RATE-%'`;
    const [p, q] = await Promise.all([h.deliverUntilSettled(ev), h.deliverUntilSettled(ev)]);
    const finals = [p.responses.at(-1)!, q.responses.at(-1)!];
    expect(finals.map((r) => r.status)).toEqual([200, 200]);
    expect(finals.filter((r) => r.body.duplicate === true)).toHaveLength(1);
    expect(leads('double@test.fr')).toHaveLength(1);
  });

  it('a burst of separate commands runs and answers each of them; fragments complete the command before them', async () => {
    h.deps.settleMs = 400;
    const before = sentTo(MEMBER).length;
    const parts = [
      'crée un lead pour Bruno Burst, email bruno@test.fr',
      'tél 06 12 34 56 78',
      'ajoute une note à bruno@test.fr : salon de Lyon',
    ];
    const results = await Promise.all(
      parts.map((p, i) => h.deliverUntilSettled(msg(p, `BURST2-${i}`, T + 70 + i, MEMBER))),
    );
    h.deps.settleMs = undefined;
    expect(results.every((r) => r.responses.at(-1)!.status === 200)).toBe(true);
    const lead = leads('bruno@test.fr');
    expect(lead).toHaveLength(1);
    expect(lead[0]).toMatchObject({ phoneNumber: '+33612345678' });
    expect(notesOf(String(lead[0]!.id))).toHaveLength(1);
    const replies = sentTo(MEMBER)
      .slice(before)
      .map((m) => m.message);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatch(/Lead créé : Bruno Burst/);
    expect(replies[1]).toMatch(/Note ajoutée à Bruno Burst/);
    // Nothing is marked done without an action or a reply: the merged ones point at the turn that handled them.
    const rows = await h.db.admin`
      select id_message, status, outcome, merged_into is not null as merged from inbound_messages
       where id_message like 'BURST2-%' order by id_message`;
    expect(rows.map((r) => [r.id_message, r.status, r.merged])).toEqual([
      ['BURST2-0', 'done', false],
      ['BURST2-1', 'done', true],
      ['BURST2-2', 'done', true],
    ]);
  });

  it('a failure that can never succeed (a missing CRM secret) is recorded dead at once and its sender told; it does not block the chat', async () => {
    await h.seedTenant({ id: 'broken', idInstance: '1101000008', crmUrl: h.espo.url, admin: ADMIN });
    await h.db.admin`delete from tenant_secrets where tenant_id = 'broken' and name = 'crm_api_key'`;
    const before = sentTo(ADMIN).length;
    const res = await h.deliver(msg('derniers leads', 'BROKEN-1', T + 80, ADMIN, '1101000008'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dead: true });
    expect(await status('BROKEN-1')).toMatchObject({ status: 'dead' });
    expect(
      sentTo(ADMIN)
        .slice(before)
        .map((m) => m.message),
    ).toEqual([expect.stringMatching(/n'ai pas pu traiter/)]);
  });
});
