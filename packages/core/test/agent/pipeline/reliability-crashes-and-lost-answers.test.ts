import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  h,
  INSTANCE,
  leads,
  MEMBER,
  msg,
  notesOf,
  sentTo,
  status,
  T,
  useFaultHarness,
} from './reliability-setup.ts';

/**
 * Issue 12 through the real pipeline: each fault is switched on in a stand-in (fault layer) or
 * performed on the database, the message goes through the stages as the queue would deliver it
 * (again after a 202 or a 503), and what reached the CRM and WhatsApp is counted.
 */
describe('exactly once under faults (pipeline)', () => {
  useFaultHarness();

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
});
