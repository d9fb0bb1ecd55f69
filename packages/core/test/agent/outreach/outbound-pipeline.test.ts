import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../pipeline/harness.ts';

const A = { id: 'outa', idInstance: '1101000851' };
const B = { id: 'outb', idInstance: '1101000852' };
const ADMIN_A = '33600000851@c.us';
const ADMIN_B = '33600000852@c.us';
const MARIE = '33612345678@c.us';

type Msg = { chatId: string; message: string; idMessage: string };

/**
 * Messages to leads through the real pipeline (Postgres, the EspoCRM stand-in with the project's
 * metadata, the Green-API stand-in), both tenants on one shared-mode CRM.
 */
describe('messages to leads: consent, STOP, pacing, exactly once', () => {
  let h: Harness;
  let n = 0;
  const say = (chatId: string, text: string, instance = A.idInstance) =>
    h.deliverUntilSettled(h.text(instance, chatId, text, `OUT-${++n}`));
  const lastTo = (chatId: string) =>
    (h.green.sent() as Msg[]).filter((m) => m.chatId === chatId).at(-1)?.message ?? '';
  const toMarie = () => (h.green.sent() as Msg[]).filter((m) => m.chatId === MARIE);
  const marie = () =>
    h.espo.state
      .records('Lead')
      .find((l: Record<string, unknown>) => l.lastName === 'Dupont' && l.cTenantId === A.id) as Record<
      string,
      unknown
    >;
  const notes = () =>
    h.espo.state.records('Note').filter((x: Record<string, unknown>) => x.parentId === marie().id) as Array<
      Record<string, unknown>
    >;

  beforeAll(async () => {
    h = await startHarness({ customizations: 'infra' });
    await h.seedTenant({ ...A, crmUrl: h.espo.url, mode: 'shared', admin: ADMIN_A });
    await h.seedTenant({ ...B, crmUrl: h.espo.url, mode: 'shared', admin: ADMIN_B });
    // No spacing between sends here (the spacing has its own test below).
    await h.db.admin`insert into outbound_pacing (tenant_id, spacing_seconds) values (${A.id}, 0)`;
    await say(ADMIN_A, 'ajoute Marie Dupont, 06 12 34 56 78');
    expect(marie()).toMatchObject({ phoneNumber: '+33612345678' });
  });
  afterAll(() => h.close());

  it('without recorded consent MAX refuses, says why, and sends nothing', async () => {
    await say(ADMIN_A, 'envoie un WhatsApp à Marie Dupont : votre devis est prêt');
    expect(lastTo(ADMIN_A)).toMatch(/aucun consentement WhatsApp/);
    expect(toMarie()).toHaveLength(0);
  });

  it('once the team records consent, the message goes out once, from the tenant instance, logged and audited', async () => {
    await say(ADMIN_A, 'Marie Dupont accepte les messages WhatsApp');
    expect(marie().cWhatsappConsent).toBe('Granted');
    const event = h.text(
      A.idInstance,
      ADMIN_A,
      'envoie un WhatsApp à Marie Dupont : votre devis est prêt',
      'OUT-SEND',
    );
    await h.deliverUntilSettled(event);
    // The queue delivers the same webhook again: nothing is sent twice.
    expect((await h.deliver(event)).body.duplicate).toBe(true);
    expect(toMarie().map((m) => m.message)).toEqual(['votre devis est prêt']);
    const id = toMarie()[0]!.idMessage;
    expect(lastTo(ADMIN_A)).toContain(`Green-API : ${id}`);
    expect(
      notes().some((x) => String(x.post).includes('votre devis est prêt') && String(x.post).includes(id)),
    ).toBe(true);
    const rows = await h.db.admin`
      select l.action, l.target_id, l.detail from max_logs l join inbound_messages m on m.id = l.message_id
       where m.id_message = 'OUT-SEND'`;
    expect(rows.map((r) => [r.action, r.target_id])).toEqual([['send_whatsapp', marie().id]]);
    expect(JSON.stringify(rows[0]!.detail)).not.toContain('devis');
    expect(JSON.stringify(rows[0]!.detail)).not.toContain('33612345678');
  });

  it('a send whose answer is lost is found in Green-API record on the retry, never sent twice', async () => {
    const before = toMarie().length;
    let cut = true;
    h.setFetch(async (input, init) => {
      const res = await fetch(input, init);
      if (cut && String(input).includes('/sendMessage/') && String(init?.body ?? '').includes(MARIE)) {
        cut = false;
        throw new TypeError('connection reset after the send');
      }
      return res;
    });
    try {
      await say(ADMIN_A, 'send Marie Dupont a WhatsApp: see you on Monday');
    } finally {
      h.setFetch((i, x) => fetch(i, x));
    }
    expect(cut).toBe(false);
    expect(
      toMarie()
        .slice(before)
        .map((m) => m.message),
    ).toEqual(['see you on Monday']);
    expect(lastTo(ADMIN_A)).toContain('WhatsApp sent to Marie Dupont');
  });

  it('a Green-API failure before the send is retried and the message goes out once', async () => {
    const before = toMarie().length;
    h.green.failNext(1, 500, { method: 'sendMessage' });
    await say(ADMIN_A, 'envoie un WhatsApp à Marie Dupont : rappel rdv jeudi');
    expect(
      toMarie()
        .slice(before)
        .map((m) => m.message),
    ).toEqual(['rappel rdv jeudi']);
  });

  it('the tenant daily cap holds: past it MAX sends nothing and says so', async () => {
    await h.db.admin`update outbound_pacing set daily_cap = sent_that_day where tenant_id = ${A.id}`;
    const before = toMarie().length;
    await say(ADMIN_A, 'envoie un WhatsApp à Marie Dupont : encore un message');
    expect(lastTo(ADMIN_A)).toMatch(/Limite du jour atteinte/);
    expect(toMarie()).toHaveLength(before);
    await h.db
      .admin`update outbound_pacing set daily_cap = 30, spacing_seconds = 3600 where tenant_id = ${A.id}`;
    await say(ADMIN_A, 'envoie un WhatsApp à Marie Dupont : encore un message');
    expect(lastTo(ADMIN_A)).toMatch(/espace les envois/);
    expect(toMarie()).toHaveLength(before);
    await h.db.admin`update outbound_pacing set spacing_seconds = 0 where tenant_id = ${A.id}`;
  });

  it('a message from the lead is not answered: it goes on the record and to the team', async () => {
    const sentToMarie = toMarie().length;
    const event = h.text(A.idInstance, MARIE, 'Bonjour, je suis intéressée par le devis', 'OUT-LEAD-1');
    await h.deliverUntilSettled(event);
    expect((await h.deliver(event)).body.duplicate).toBe(true);
    expect(toMarie()).toHaveLength(sentToMarie);
    const told = (h.green.sent() as Msg[]).filter(
      (m) => m.chatId === ADMIN_A && m.message.includes('intéressée'),
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.message).toContain('Marie Dupont');
    expect(notes().filter((x) => String(x.post).includes('intéressée'))).toHaveLength(1);
  });

  it('the same number writing to another tenant is a stranger there', async () => {
    await say(MARIE, 'Bonjour, je suis intéressée', B.idInstance);
    expect(lastTo(MARIE)).toMatch(/pas autorisé/);
    expect((h.green.sent() as Msg[]).some((m) => m.chatId === ADMIN_B)).toBe(false);
  });

  it('STOP from the lead is recorded once, confirmed once, and MAX never messages them again', async () => {
    const before = toMarie().length;
    const stop = h.text(A.idInstance, MARIE, 'Stop svp', 'OUT-STOP');
    await h.deliverUntilSettled(stop);
    expect((await h.deliver(stop)).body.duplicate).toBe(true);
    expect(marie().cWhatsappConsent).toBe('Opted out');
    expect(
      toMarie()
        .slice(before)
        .map((m) => m.message),
    ).toEqual([expect.stringMatching(/plus de messages/)]);
    expect(lastTo(ADMIN_A)).toMatch(/a répondu STOP/);
    await say(ADMIN_A, 'envoie un WhatsApp à Marie Dupont : une dernière chose');
    expect(lastTo(ADMIN_A)).toMatch(/a répondu STOP/);
    await say(ADMIN_A, 'Marie Dupont accepte les messages WhatsApp');
    expect(lastTo(ADMIN_A)).toMatch(/Seule la personne/);
    expect(marie().cWhatsappConsent).toBe('Opted out');
    expect(toMarie()).toHaveLength(before + 1);
  });

  it("the person's own START opts them back in", async () => {
    await say(MARIE, 'START');
    expect(marie().cWhatsappConsent).toBe('Granted');
  });
});
