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

  it('the same webhook delivered 5 times concurrently is processed once', async () => {
    const event = h.text(
      '1101000001',
      ADMIN,
      'crée un lead pour Paul Concurrent, email paul@concurrent.fr',
      'E2E-5X',
    );
    const before = h.green.sent().length;
    const results = await Promise.all(Array.from({ length: 5 }, () => h.deliver(event)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.ok === true)).toHaveLength(1);
    expect(results.filter((r) => r.body.duplicate === true)).toHaveLength(4);
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

  it('a throttled message is recorded, not run; only the one marked notify gets the "slow down" reply', async () => {
    const before = h.green.sent().length;
    const leadsBefore = h.espo.state.records('Lead').length;
    const a = await h.deliver(
      h.text('1101000001', ADMIN, 'crée un lead pour Trop Vite, email vite@test.fr', 'THR-1'),
      'throttled',
      { notify: true },
    );
    const b = await h.deliver(
      h.text('1101000001', ADMIN, 'crée un lead pour Trop Vite, email vite@test.fr', 'THR-2'),
      'throttled',
      { notify: false },
    );
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(h.espo.state.records('Lead').length).toBe(leadsBefore);
    const sent = h.green.sent().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toMatch(/pause/);
    const rows = await h.db
      .admin`select id_message, status from inbound_messages where id_message in ('THR-1', 'THR-2') order by id_message`;
    expect(rows.map((r) => r.status)).toEqual(['throttled', 'throttled']);
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
    const { handleInbound } = await import('@max/core');
    const bad = await handleInbound(h.deps, {
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
    expect((await handleInbound(h.deps, { headers: new Headers(stale), body })).status).toBe(401);
    const good = await signInternal('test-agent-shared-secret-0123456789abcdef', body, new Date());
    expect((await handleInbound(h.deps, { headers: new Headers(good), body })).status).toBe(400);
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
