import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const ADMIN = '33600000001@c.us';
const E2E = 'Salut MAX, crée un lead pour Test E2E, email e2e@test.com';

describe('the seed E2E command through the real pipeline (rules engine, no model key)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({ id: 'acme', idInstance: '1101000001', crmUrl: h.espo.url, admin: ADMIN });
  });
  afterAll(() => h.close());

  const leads = () =>
    h.espo.state.records('Lead').filter((l: Record<string, unknown>) => l.emailAddress === 'e2e@test.com');
  const audit = async (idMessage: string) =>
    h.db
      .admin`select l.* from max_logs l join inbound_messages m on m.id = l.message_id where m.id_message = ${idMessage} order by l.created_at`;

  it('creates exactly one lead, one audit row per tool call, and one reply carrying the lead id', async () => {
    const res = await h.deliver(h.text('1101000001', ADMIN, E2E, 'E2E-1'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, replies: 1 });
    const created = leads();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ firstName: 'Test', lastName: 'E2E' });
    const rows = await audit('E2E-1');
    expect(rows.map((r) => [r.action, r.result])).toEqual([['create_lead', 'ok']]);
    expect(rows[0]!.target_id).toBe(created[0]!.id);
    const sent = h.green.sent().filter((m: { chatId: string }) => m.chatId === ADMIN);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toContain(String(created[0]!.id));
    expect(sent[0]!.message).toContain('Test E2E');
  });

  it('the same webhook delivered 5 times concurrently is processed once; the copies come back later instead of being acknowledged', async () => {
    const event = h.text(
      '1101000001',
      ADMIN,
      'crée un lead pour Paul Concurrent, email paul@concurrent.fr',
      'E2E-5X',
    );
    const before = h.green.sent().length;
    const results = await Promise.all(Array.from({ length: 5 }, () => h.deliver(event)));
    expect(results.filter((r) => r.body.ok === true)).toHaveLength(1);
    // A copy that finds a live attempt is deferred (202 + Retry-After), never acknowledged as done:
    // if that attempt died, the copy's return would finish the message.
    const others = results.filter((r) => r.body.ok !== true);
    for (const r of others) {
      expect([200, 202]).toContain(r.status);
      if (r.status === 202) expect(Number(r.headers?.['retry-after'])).toBeGreaterThan(0);
      else expect(r.body.duplicate).toBe(true);
    }
    // Their return (what the queue does after Retry-After) finds the message done.
    const deferred = others.filter((x) => x.status === 202).length;
    for (let i = 0; i < deferred; i++) expect((await h.deliver(event)).body.duplicate).toBe(true);
    expect(
      h.espo.state
        .records('Lead')
        .filter((l: Record<string, unknown>) => l.emailAddress === 'paul@concurrent.fr'),
    ).toHaveLength(1);
    expect(h.green.sent().length - before).toBe(1);
    expect(await audit('E2E-5X')).toHaveLength(1);
  });

  it('when EspoCRM fails the first two attempts, a redelivery creates the lead once', async () => {
    // A create is never retried inside one attempt (a lost answer may hide a success): each
    // failure fails the delivery, and the queue's redelivery tries again.
    let failures = 0;
    h.setFetch(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url === `${h.espo.url}/api/v1/Lead` && init?.method === 'POST' && failures < 2) {
        failures++;
        return new Response('', { status: 503 });
      }
      return fetch(input, init);
    });
    try {
      const event = h.text(
        '1101000001',
        ADMIN,
        'crée un lead pour Lucie Retry, email lucie@retry.fr',
        'E2E-RETRY',
      );
      const { responses } = await h.deliverUntilSettled(event);
      expect(responses.map((r) => r.status)).toEqual([503, 503, 200]);
      expect(
        h.espo.state
          .records('Lead')
          .filter((l: Record<string, unknown>) => l.emailAddress === 'lucie@retry.fr'),
      ).toHaveLength(1);
      const [msg] = await h.db
        .admin`select status, attempts from inbound_messages where id_message = 'E2E-RETRY'`;
      expect(msg).toMatchObject({ status: 'done' });
      expect(Number(msg!.attempts)).toBe(responses.length);
    } finally {
      h.setFetch((input, init) => fetch(input, init));
    }
  });

  it('a message queued as "throttled" by an older Worker is run, not dropped', async () => {
    const leadsBefore = h.espo.state.records('Lead').length;
    const a = await h.deliver(
      h.text('1101000001', ADMIN, 'crée un lead pour Trop Vite, email vite@test.fr', 'THR-1'),
      'throttled',
      { notify: true },
    );
    expect(a.status).toBe(200);
    expect(h.espo.state.records('Lead').length).toBe(leadsBefore + 1);
    const [row] = await h.db.admin`select status from inbound_messages where id_message = 'THR-1'`;
    expect(row?.status).toBe('done');
  });

  it('an unknown instance is a 404 and is logged', async () => {
    const res = await h.deliver(h.text('9999999999', ADMIN, E2E, 'UNKNOWN-INSTANCE'));
    expect(res.status).toBe(404);
    expect(h.logger.lines.some((l) => l.event === 'agent.unknown_instance')).toBe(true);
  });

  it('rejects a bad signature and a stale timestamp with 401, a malformed body with 400', async () => {
    const body = JSON.stringify({
      v: 1,
      kind: 'inbound',
      requestId: 'r',
      receivedAt: new Date().toISOString(),
      event: {},
    });
    const { handleAgentRequest } = await import('@max/core');
    const bad = await handleAgentRequest(h.deps, {
      headers: new Headers({
        'x-max-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-max-signature': 'v1=00',
      }),
      body,
    });
    expect(bad.status).toBe(401);
    const { signInternal } = await import('@max/core');
    const stale = await signInternal(
      'test-agent-shared-secret-0123456789abcdef',
      body,
      new Date(Date.now() - 10 * 60_000),
    );
    expect((await handleAgentRequest(h.deps, { headers: new Headers(stale), body })).status).toBe(401);
    const good = await signInternal('test-agent-shared-secret-0123456789abcdef', body, new Date());
    expect((await handleAgentRequest(h.deps, { headers: new Headers(good), body })).status).toBe(400);
  });

  it('logs carry request and tenant ids but no message text or phone numbers', () => {
    const text = JSON.stringify(h.logger.lines);
    expect(text).not.toContain('e2e@test.com');
    expect(text).not.toContain('33600000001');
    expect(
      h.logger.lines.some(
        (l) => l.event === 'agent.done' && l.tenantId === 'acme' && typeof l.requestId === 'string',
      ),
    ).toBe(true);
  });
});
