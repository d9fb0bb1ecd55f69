import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';
import { ScriptedModel, type Step } from './scripted-model.ts';

const ADMIN = '33600000001@c.us';
const MEMBER = '33600000002@c.us';

/** The scripted model: each test sets what it answers next. */
const scripted = new ScriptedModel();

describe('the pipeline with an OpenAI-compatible model (scripted)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ model: scripted.model });
    await h.seedTenant({
      id: 'acme',
      idInstance: '1101000001',
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
    });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.openai!.reset();
    h.setFetch((input, init) => fetch(input, init));
  });

  const leadsByEmail = (email: string) =>
    h.espo.state.records('Lead').filter((l: Record<string, unknown>) => l.emailAddress === email);

  it('the E2E command costs one model call and the reply is rendered from what EspoCRM returned', async () => {
    scripted.next = [
      {
        toolCalls: [
          {
            name: 'create_lead',
            arguments: { firstName: 'Test', lastName: 'E2E', emailAddress: 'e2e@test.com' },
          },
        ],
      },
    ];
    const res = await h.deliver(
      h.text('1101000001', ADMIN, 'Salut MAX, crée un lead pour Test E2E, email e2e@test.com', 'M-E2E'),
    );
    expect(res.status).toBe(200);
    const stats = h.openai!.stats();
    expect(stats.calls).toBe(1);
    expect(stats.promptTokens).toBeGreaterThan(0);
    const [lead] = leadsByEmail('e2e@test.com');
    expect(lead).toBeDefined();
    const reply = h.green.sent().at(-1)!;
    expect(reply.message).toContain(String(lead!.id));
    // The system prompt leads the request, byte for byte the same every time (prompt caching).
    const req = stats.lastRequest as { messages: Array<{ role: string; content: string }>; tools: unknown[] };
    expect(req.messages[0]!.role).toBe('system');
    expect(req.tools.length).toBeGreaterThanOrEqual(7);
  });

  it('a retry of a half-done message reuses the stored plan and the CRM write that succeeded', async () => {
    scripted.next = [
      {
        toolCalls: [
          {
            name: 'create_lead',
            arguments: { firstName: 'Hugo', lastName: 'Moitié', emailAddress: 'hugo@moitie.fr' },
          },
          { name: 'add_note', arguments: { target: {}, text: 'rappeler jeudi' } },
        ],
      },
    ];
    let noteFailures = 0;
    h.setFetch(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/api/v1/Note') && noteFailures < 1) {
        noteFailures++;
        return new Response('', { status: 503 });
      }
      return fetch(input, init);
    });
    const event = h.text(
      '1101000001',
      ADMIN,
      'crée Hugo Moitié hugo@moitie.fr et note rappeler jeudi',
      'M-HALF',
    );
    expect((await h.deliver(event)).status).toBe(503);
    expect((await h.deliver(event)).status).toBe(200);
    const leads = leadsByEmail('hugo@moitie.fr');
    expect(leads).toHaveLength(1);
    expect(
      h.espo.state.records('Note').filter((n: Record<string, unknown>) => n.parentId === leads[0]!.id),
    ).toHaveLength(1);
    expect(h.openai!.stats().calls).toBe(1);
    const rows = await h.db.admin`
      select l.action, l.result from max_logs l join inbound_messages m on m.id = l.message_id
      where m.id_message = 'M-HALF' order by l.created_at, l.id`;
    expect(rows.map((r) => `${r.action}:${r.result}`)).toEqual(['create_lead:reused', 'add_note:ok']);
  });

  it('a member cannot reach admin tools, even when the model calls one', async () => {
    scripted.next = [
      { toolCalls: [{ name: 'create_lead', arguments: { lastName: 'Gardé', emailAddress: 'garde@x.fr' } }] },
    ];
    await h.deliver(h.text('1101000001', MEMBER, 'crée Gardé garde@x.fr', 'M-KEEP'));
    const [lead] = leadsByEmail('garde@x.fr');
    scripted.next = [
      { toolCalls: [{ name: 'delete_lead', arguments: { target: { emailAddress: 'garde@x.fr' } } }] },
    ];
    const res = await h.deliver(h.text('1101000001', MEMBER, 'supprime le lead garde@x.fr', 'M-DEL-MEMBER'));
    expect(res.status).toBe(200);
    expect(leadsByEmail('garde@x.fr')).toHaveLength(1);
    const req = h.openai!.stats().lastRequest as { tools: Array<{ function: { name: string } }> };
    expect(req.tools.map((t) => t.function.name)).not.toContain('delete_lead');
    const rows = await h.db.admin`select result from max_logs l join inbound_messages m on m.id = l.message_id
              where m.id_message = 'M-DEL-MEMBER' and l.action <> 'model_usage'`;
    expect(rows.map((r) => r.result)).toEqual(['denied']);
    expect(lead).toBeDefined();
  });

  it('an admin tool runs only after an explicit yes, once, with the stored arguments', async () => {
    scripted.next = [
      {
        toolCalls: [
          { name: 'create_lead', arguments: { lastName: 'Jetable', emailAddress: 'jetable@x.fr' } },
        ],
      },
    ];
    await h.deliver(h.text('1101000001', ADMIN, 'crée Jetable jetable@x.fr', 'M-J0'));
    scripted.next = [
      { toolCalls: [{ name: 'delete_lead', arguments: { target: { emailAddress: 'jetable@x.fr' } } }] },
    ];
    await h.deliver(h.text('1101000001', ADMIN, 'supprime jetable@x.fr', 'M-J1'));
    expect(leadsByEmail('jetable@x.fr')).toHaveLength(1);
    expect(h.green.sent().at(-1)!.message).toMatch(/OUI|YES/);
    const yes = await h.deliver(h.text('1101000001', ADMIN, 'oui', 'M-J2'));
    expect(yes.status).toBe(200);
    expect(leadsByEmail('jetable@x.fr')).toHaveLength(0);
    const callsBefore = h.openai!.stats().calls;
    await h.deliver(h.text('1101000001', ADMIN, 'oui', 'M-J3'));
    // Single use: a second yes finds nothing to confirm, and it was not forwarded to any tool.
    const rows = await h.db
      .admin`select count(*)::int as n from max_logs where action = 'delete_lead' and result = 'ok'`;
    expect(rows[0]!.n).toBe(1);
    expect(h.openai!.stats().calls).toBeGreaterThanOrEqual(callsBefore);
  });

  it('falls back to the rules engine when the model keeps failing', async () => {
    scripted.next = [
      { status: 500 } as unknown as Step,
      { status: 500 } as unknown as Step,
      { status: 500 } as unknown as Step,
    ];
    const res = await h.deliver(
      h.text('1101000001', ADMIN, 'crée un lead pour Rita Secours, email rita@secours.fr', 'M-FALLBACK'),
    );
    expect(res.status).toBe(200);
    expect(leadsByEmail('rita@secours.fr')).toHaveLength(1);
  });
});
