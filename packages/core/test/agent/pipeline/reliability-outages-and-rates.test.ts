import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAgentRequest } from '@max/core';
import { describe, expect, it } from 'vitest';
import { replayMessage } from '../../../../../scripts/src/stack/replay.ts';
import { AGENT_SECRET } from './harness.ts';
import {
  ADMIN,
  h,
  job,
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
