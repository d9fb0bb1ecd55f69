import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const ADMIN = '33600000001@c.us';

/**
 * A model whose output never passes validation (a create_lead without its last name, every time):
 * the message is answered in its one attempt, saying what was not done — never retried by the
 * queue, never dead, never holding its chat. The model is asked a bounded number of times.
 */
describe('a model output that fails validation again and again', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      model: () => ({
        toolCalls: [{ name: 'create_lead', arguments: { firstName: 'Sans', emailAddress: 'x@y.fr' } }],
      }),
    });
    await h.seedTenant({ id: 'acme', idInstance: '1101000001', crmUrl: h.espo.url, admin: ADMIN });
  });
  afterAll(() => h.close());

  it('is answered once, in its first attempt, with what was not done; the model is asked at most 3 times', async () => {
    const res = await h.deliver(h.text('1101000001', ADMIN, 'crée un lead Sans Nom', 'M-INVALID'));
    expect(res.status).toBe(200);
    const [row] = await h.db
      .admin`select status, attempts from inbound_messages where id_message = 'M-INVALID'`;
    expect(row).toMatchObject({ status: 'done', attempts: 1 });
    expect(h.openai!.stats().calls).toBeLessThanOrEqual(3);
    expect(h.espo.state.records('Lead')).toHaveLength(0);
    const replies = h.green.sent().filter((m) => m.chatId === ADMIN);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.message).toMatch(/lastName|nom/i);
    // The next message of the chat runs at once.
    expect((await h.deliver(h.text('1101000001', ADMIN, 'derniers leads', 'M-AFTER'))).status).toBe(200);
  });
});
