import { incomingVoice } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../agent/pipeline/harness.ts';
import { ScriptedModel } from '../agent/pipeline/scripted-model.ts';
import { json } from './json.ts';
import { operatorKey } from './operator.ts';

const INSTANCE = '1101000081';
const ADMIN = '33612380001@c.us';
const MEMBER = '33612380002@c.us';
const STRANGER = '33612380009@c.us';

/** One Ogg page: header, one segment, payload (CRCs are not checked by readers of the granule). */
function oggPage(granule: bigint, payload: Uint8Array, first: boolean): Uint8Array {
  const head = new Uint8Array(28);
  head.set([0x4f, 0x67, 0x67, 0x53, 0, first ? 2 : 4]);
  new DataView(head.buffer).setBigInt64(6, granule, true);
  head[26] = 1;
  head[27] = Math.min(255, payload.length);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

/** A voice note as WhatsApp sends it (Ogg Opus) lasting `seconds`, carrying its words for the stand-in. */
function voiceNote(seconds: number, words: string): Uint8Array {
  const opusHead = new Uint8Array(19);
  opusHead.set(new TextEncoder().encode('OpusHead'));
  opusHead[8] = 1;
  opusHead[9] = 1;
  new DataView(opusHead.buffer).setUint16(10, 312, true);
  new DataView(opusHead.buffer).setUint32(12, 48_000, true);
  const first = oggPage(0n, opusHead, true);
  const last = oggPage(BigInt(312 + seconds * 48_000), new TextEncoder().encode(`WORDS:${words}`), false);
  const out = new Uint8Array(first.length + last.length);
  out.set(first);
  out.set(last, first.length);
  return out;
}

const scripted = new ScriptedModel();

/**
 * Usage is written by the work itself (triggers on the rows the units write): a scripted
 * conversation is counted exactly — what the stand-ins saw is what the statement says.
 */
describe('usage metering', () => {
  let h: Harness;
  let key: string;

  beforeAll(async () => {
    h = await startHarness({
      model: scripted.model,
      transcribe: (f) => new TextDecoder('latin1').decode(f.bytes).split('WORDS:')[1] ?? '',
    });
    await h.seedTenant({
      id: 'acme',
      idInstance: INSTANCE,
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
    });
    key = await operatorKey(h);
  }, 60_000);
  afterAll(() => h.close());

  it('counts a scripted conversation exactly: messages in and out, model calls and tokens, CRM calls, leads, seconds heard, active users', async () => {
    const crmBefore = h.espo.log.length;
    h.openai!.reset();
    scripted.next = [
      {
        toolCalls: [
          {
            name: 'create_lead',
            arguments: { firstName: 'Ana', lastName: 'Meter', emailAddress: 'ana@meter.fr' },
          },
        ],
      },
    ];
    expect(
      (await h.deliver(h.text(INSTANCE, ADMIN, 'crée un lead Ana Meter, ana@meter.fr', 'MET-1'))).status,
    ).toBe(200);
    scripted.next = [{ toolCalls: [{ name: 'find_leads', arguments: { query: 'Meter' } }] }];
    await h.deliver(h.text(INSTANCE, MEMBER, 'trouve Meter', 'MET-2'));
    scripted.next = [
      {
        toolCalls: [
          { name: 'create_lead', arguments: { firstName: 'Vo', lastName: 'Cal', emailAddress: 'vo@cal.fr' } },
        ],
      },
    ];
    const url = h.green.putFile(voiceNote(7.5, 'crée un lead Vo Cal, vo@cal.fr'), 'audio/ogg; codecs=opus');
    await h.deliver(
      incomingVoice({
        idInstance: INSTANCE,
        chatId: ADMIN,
        downloadUrl: url,
        mimeType: 'audio/ogg; codecs=opus',
      }),
    );
    scripted.next = [{ content: 'Avec plaisir !' }];
    await h.deliver(h.text(INSTANCE, ADMIN, 'merci', 'MET-4'));
    // A redelivery of a finished message is not a new one; a stranger's is, but not an active user.
    await h.deliver(h.text(INSTANCE, ADMIN, 'merci', 'MET-4'));
    await h.deliver(h.text(INSTANCE, STRANGER, 'bonjour', 'MET-5'));

    const ai = h.openai!.stats();
    const crm = h.espo.log.slice(crmBefore);
    const sent = h.green.sent().filter((m) => m.idInstance === INSTANCE);
    expect(ai.calls).toBe(4);
    expect(
      h.espo.state.records('Lead').filter((l) => /meter\.fr|cal\.fr/.test(String(l.emailAddress))),
    ).toHaveLength(2);
    const r = await h.admin(key, {
      action: 'usage.get',
      tenantId: 'acme',
      month: new Date().toISOString().slice(0, 7),
    });
    expect(json(r).totals).toEqual({
      messages_in: 5,
      messages_out: sent.length,
      model_calls: ai.calls,
      prompt_tokens: ai.promptTokens,
      cached_tokens: 0,
      completion_tokens: ai.completionTokens,
      transcription_seconds: 7.5,
      crm_calls: crm.length,
      leads_created: 2,
      active_users: 2,
    });
    expect(sent.length).toBe(5);
    expect(crm.length).toBeGreaterThanOrEqual(3);
    // The dashboard's views say the same.
    const [m] = await h.db.admin`select * from usage_monthly where tenant_id = 'acme'`;
    expect(Number(m!.crm_calls)).toBe(crm.length);
    expect(Number(m!.active_users)).toBe(2);
    const [d] = await h.db.admin`select messages_in from usage_daily where tenant_id = 'acme'`;
    expect(Number(d!.messages_in)).toBe(5);
  });
});

/**
 * Plan limits, checked where the turn is loaded: at 80 % the admins hear it once; at the limit MAX
 * still answers — reads run, writes are refused with a clear message — until the operator lifts it.
 */
describe('plan limits, reached mid-conversation', () => {
  let h: Harness;
  let key: string;
  const admins = ['33612390001@c.us', '33612390002@c.us'];
  const MEMBER_B = '33612390003@c.us';
  const to = (chat: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chat)
      .map((m) => m.message);
  let n = 0;
  const say = async (chat: string, text: string) => {
    await h.deliver(h.text('1101000091', chat, text, `PLAN-${++n}`));
    return to(chat).at(-1) ?? '';
  };
  const leads = () =>
    h.espo.state.records('Lead').filter((l) => String(l.emailAddress).endsWith('@plan.fr')).length;

  beforeAll(async () => {
    h = await startHarness();
    await h.db.admin`insert into plans (id, name, limits, monthly_price_cents, overage_cents)
                     values ('leads-5', 'Five leads', '{"leads_created": 5}', 2900, '{"leads_created": 50}'),
                            ('users-2', 'Two users', '{"active_users": 2}', 1900, '{}')`;
    await h.seedTenant({
      id: 'acme',
      idInstance: '1101000091',
      crmUrl: h.espo.url,
      admin: admins[0],
      member: MEMBER_B,
    });
    await h.db
      .admin`insert into whatsapp_senders (tenant_id, chat_id, role) values ('acme', ${admins[1]!}, 'admin')`;
    await h.db.admin`update tenants set plan_id = 'leads-5' where id = 'acme'`;
    key = await operatorKey(h);
  }, 60_000);
  afterAll(() => h.close());

  it('at 80 % of the leads the admins are told once; at 100 % too; past it MAX refuses to write but still finds', async () => {
    for (let i = 1; i <= 3; i++) await say(admins[0]!, `crée un lead Plan${i} Test, email p${i}@plan.fr`);
    expect(to(admins[1]!)).toEqual([]);
    await say(MEMBER_B, 'crée un lead Plan4 Test, email p4@plan.fr');
    // 4 of 5: each admin told once, the member (who created it) not.
    expect(to(admins[1]!)).toEqual([
      expect.stringMatching(/^ℹ️ MAX : 80 % de votre forfait est utilisé \(4\/5 leads créés/),
    ]);
    expect(to(MEMBER_B).some((m) => m.includes('80 %'))).toBe(false);
    await say(admins[0]!, 'crée un lead Plan5 Test, email p5@plan.fr');
    expect(leads()).toBe(5);
    expect(to(admins[1]!).at(-1)).toMatch(
      /^⛔ MAX : la limite de votre forfait est atteinte \(5\/5 leads créés/,
    );
    // Mid-conversation: the next write is refused with a clear message, nothing is created.
    const refused = await say(MEMBER_B, 'crée un lead Plan6 Test, email p6@plan.fr');
    expect(refused).toMatch(/limite mensuelle de votre forfait est atteinte/);
    expect(leads()).toBe(5);
    const note = await say(MEMBER_B, 'ajoute une note au lead Plan5 Test : rappeler lundi');
    expect(note).toMatch(/limite mensuelle/);
    // Reads still work.
    expect(await say(MEMBER_B, 'trouve le lead Plan5')).toContain('Plan5 Test');
    // Told once per level: nothing more to the admins.
    expect(to(admins[1]!)).toHaveLength(2);
    const [row] = await h.db
      .admin`select plan_blocked_month, plan_blocked_metric from tenants where id = 'acme'`;
    expect(row!.plan_blocked_metric).toBe('leads_created');
  });

  it('the operator lifts the limit: MAX writes again, and the statement shows the overage', async () => {
    const r = await h.admin(key, { action: 'limits.lift', tenantId: 'acme', body: {} });
    expect(r.status).toBe(200);
    await say(MEMBER_B, 'crée un lead Plan6 Test, email p6@plan.fr');
    expect(leads()).toBe(6);
    const month = new Date().toISOString().slice(0, 7);
    const s = await h.admin(key, { action: 'statement.get', tenantId: 'acme', month });
    expect(json(s).plan).toEqual({ id: 'leads-5', name: 'Five leads', monthlyPriceCents: 2900 });
    expect(json(s).lines.find((l: { metric: string }) => l.metric === 'leads_created')).toEqual({
      metric: 'leads_created',
      used: 6,
      included: 5,
      over: 1,
      unitCents: 50,
      amountCents: 50,
    });
    expect(json(s)).toMatchObject({
      baseCents: 2900,
      overageCents: 50,
      totalCents: 2950,
      overLimits: ['leads_created'],
    });
    // Ending the lift: limits apply again at once.
    await h.admin(key, { action: 'limits.lift', tenantId: 'acme', body: { until: null } });
    expect(await say(MEMBER_B, 'crée un lead Plan7 Test, email p7@plan.fr')).toMatch(/limite mensuelle/);
    expect(leads()).toBe(6);
  });

  it('a plan by users: the third person of a two-user plan is refused acting (reads allowed); a bigger plan lets them in', async () => {
    expect(
      (await h.admin(key, { action: 'plan.set', tenantId: 'acme', body: { plan: 'users-2' } })).status,
    ).toBe(200);
    // This month admins[0] and MEMBER_B wrote already: the plan's two users.
    await h.db.admin`update whatsapp_senders set plan_blocked_month = null where tenant_id = 'acme'`;
    expect(await say(admins[1]!, 'crée un lead Plan8 Test, email p8@plan.fr')).toMatch(/limite mensuelle/);
    expect(leads()).toBe(6);
    expect(await say(admins[1]!, 'trouve le lead Plan5')).toContain('Plan5 Test');
    expect(to(admins[0]!).at(-1)).toMatch(
      /^⛔ MAX : la limite de votre forfait est atteinte \(2\/2 utilisateurs actifs/,
    );
    // The first two still act.
    await say(admins[0]!, 'crée un lead Plan9 Test, email p9@plan.fr');
    expect(leads()).toBe(7);
    await h.admin(key, { action: 'plan.set', tenantId: 'acme', body: { plan: 'users-unlimited' } });
    await say(admins[1]!, 'crée un lead Plan10 Test, email p10@plan.fr');
    expect(leads()).toBe(8);
    const u = await h.admin(key, {
      action: 'usage.get',
      tenantId: 'acme',
      month: new Date().toISOString().slice(0, 7),
    });
    expect(json(u).totals.active_users).toBe(3);
  });
});
