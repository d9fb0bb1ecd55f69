import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmWorld, startCrmWorld } from '../contacts/crm-world.ts';

/**
 * Issue 14 §2 lead conversion through the real pipeline: EspoCRM's own `POST Lead/action/convert`,
 * the lead marked Converted, the reply naming what was created with ids; exactly once when the
 * CRM's answer is lost (the converted lead is the look-before-write); FR/EN, both modes.
 */
describe('lead conversion (rules engine, real pipeline)', () => {
  let w: CrmWorld;
  beforeAll(async () => {
    w = await startCrmWorld();
  });
  afterAll(() => w.close());

  const lead = (email: string, espo = w.espoD) =>
    w.records(espo, 'Lead').find((l) => l.emailAddress === email)!;
  const count = (entity: string, espo = w.espoD) => w.records(espo, entity).length;
  const converts = (espo = w.espoD) =>
    espo.log.filter((l) => l.method === 'POST' && l.path === '/api/v1/Lead/action/convert').length;

  it('convert: "convertis le lead Dupont avec une opportunité de 5000 €" → Contact + Account + Opportunity through EspoCRM’s conversion, lead Converted, every id in the reply', async () => {
    await w.say('dedi', 'member', 'crée un lead Marie Dupont chez Boulangerie Dupont, email marie@dupont.fr');
    const reply = await w.say('dedi', 'member', 'convertis le lead Dupont avec une opportunité de 5000 €');
    const l = lead('marie@dupont.fr');
    expect(l.status).toBe('Converted');
    const contact = w.records(w.espoD, 'Contact').find((c) => c.id === l.createdContactId)!;
    const account = w.records(w.espoD, 'Account').find((a) => a.id === l.createdAccountId)!;
    const opp = w.records(w.espoD, 'Opportunity').find((o) => o.id === l.createdOpportunityId)!;
    expect(contact).toMatchObject({
      firstName: 'Marie',
      lastName: 'Dupont',
      emailAddress: 'marie@dupont.fr',
      accountId: account.id,
    });
    expect(account.name).toBe('Boulangerie Dupont');
    expect(opp).toMatchObject({
      amount: 5000,
      amountCurrency: 'EUR',
      accountId: account.id,
      contactId: contact.id,
    });
    expect(converts()).toBe(1);
    expect(reply).toContain(
      `🔁 Lead converti : Marie Dupont (marie@dupont.fr, Boulangerie Dupont) [${l.id}]`,
    );
    expect(reply).toContain(
      `• Contact créé : Marie Dupont (marie@dupont.fr, Boulangerie Dupont) [${contact.id}]`,
    );
    expect(reply).toContain(`• Compte créé : Boulangerie Dupont (marie@dupont.fr) [${account.id}]`);
    expect(reply).toContain(
      `• Opportunité créée : Boulangerie Dupont (Boulangerie Dupont) [${opp.id}] — Prospecting · 5000 EUR`,
    );
    expect(reply).toContain('Date de clôture par défaut : dans 30 jours.');
  });

  it('convert: converting it again creates nothing and says it is already converted, with what its conversion created', async () => {
    const before = ['Contact', 'Account', 'Opportunity'].map((e) => count(e));
    const reply = await w.say('dedi', 'admin', 'convertis le lead marie@dupont.fr');
    expect(['Contact', 'Account', 'Opportunity'].map((e) => count(e))).toEqual(before);
    expect(converts()).toBe(1);
    expect(reply).toMatch(/^ℹ️ Ce lead est déjà converti : Marie Dupont/);
    expect(reply).toContain(String(lead('marie@dupont.fr').createdContactId));
  });

  it('convert: a lead whose company already is an account is linked to it (no duplicate account); no amount, no opportunity (EN)', async () => {
    await w.say('dedi', 'admin', 'create a lead for Paul Martin at Boulangerie Dupont, email paul@dupont.fr');
    const accounts = count('Account');
    const opps = count('Opportunity');
    const reply = await w.say('dedi', 'admin', 'convert the lead paul@dupont.fr');
    const l = lead('paul@dupont.fr');
    expect(l.status).toBe('Converted');
    expect(count('Account')).toBe(accounts);
    expect(count('Opportunity')).toBe(opps);
    const contact = w.records(w.espoD, 'Contact').find((c) => c.id === l.createdContactId)!;
    const existing = w.records(w.espoD, 'Account').find((a) => a.name === 'Boulangerie Dupont')!;
    expect(contact.accountId).toBe(existing.id);
    expect(reply).toContain(`🔁 Lead converted: Paul Martin`);
    expect(reply).toContain(`• Contact created: Paul Martin`);
    expect(reply).toContain(`• Existing account used: Boulangerie Dupont`);
    expect(reply).toContain(`[${existing.id}]`);
  });

  it('convert: EspoCRM converts the lead but its answer is lost — the retry finds the converted lead: one contact, one account, one opportunity, and the reply says "converted"', async () => {
    await w.say('dedi', 'member', 'crée un lead Lola Perdue chez Perdue SARL, email lola@perdue.fr');
    const before = ['Contact', 'Account', 'Opportunity'].map((e) => count(e));
    const converted = converts();
    w.espoD.faults.add({
      mode: 'lose_answer',
      method: 'POST',
      path: '/api/v1/Lead/action/convert',
      count: 1,
    });
    const event = w.h.text(
      '1101000021',
      '33611000002@c.us',
      'convertis le lead Lola Perdue avec une opportunité de 800 €',
      'C14-LOST-CONVERT',
    );
    expect((await w.h.deliver(event)).status).toBe(503);
    const [tool] = await w.h.db.admin`
      select t.state from tool_calls t join inbound_messages m on m.id = t.message_id where m.id_message = 'C14-LOST-CONVERT'`;
    expect(tool?.state).toBe('unknown');
    expect(lead('lola@perdue.fr').status).toBe('Converted'); // the CRM did apply it
    const again = await w.h.deliverUntilSettled(event);
    expect(again.responses.at(-1)!.status).toBe(200);
    expect(converts() - converted).toBe(1);
    expect(
      ['Contact', 'Account', 'Opportunity'].map(
        (e) => count(e) - before[['Contact', 'Account', 'Opportunity'].indexOf(e)]!,
      ),
    ).toEqual([1, 1, 1]);
    const reply = w.lastReply('33611000002@c.us');
    expect(reply).toMatch(/^🔁 Lead converti : Lola Perdue/);
    expect(reply).toContain(String(lead('lola@perdue.fr').createdOpportunityId));
  });

  it('convert: a currency the install refuses stops the conversion before anything is created', async () => {
    await w.say('usd', 'member', 'create a lead for Eve Euro at Euro Ltd, email eve@euro.co');
    const reply = await w.say('usd', 'member', 'convert the lead eve@euro.co with a 900 € deal');
    expect(reply).toMatch(/^❌ The currency EUR is not accepted by this CRM \(accepted: USD\)/);
    expect(lead('eve@euro.co', w.h.espo).status).not.toBe('Converted');
    expect(count('Contact', w.h.espo)).toBe(0);
  });

  it('convert: shared mode — the created records carry the tenant value; an account of the same name in another tenant is neither reused nor named', async () => {
    await w.say('globex', 'admin', 'crée un compte Boulangerie Dupont, email compta@globex-side.fr');
    const globexAccount = w.records(w.espoS, 'Account').find((a) => a.cTenantId === 'globex')!;
    await w.say(
      'acme',
      'member',
      'crée un lead Marie Dupont chez Boulangerie Dupont, email marie@acme-side.fr',
    );
    const reply = await w.say('acme', 'member', 'convertis le lead marie@acme-side.fr');
    const l = lead('marie@acme-side.fr', w.espoS);
    expect(l).toMatchObject({ status: 'Converted', cTenantId: 'acme' });
    const contact = w.records(w.espoS, 'Contact').find((c) => c.id === l.createdContactId)!;
    const account = w.records(w.espoS, 'Account').find((a) => a.id === l.createdAccountId)!;
    expect([contact.cTenantId, account.cTenantId]).toEqual(['acme', 'acme']);
    expect(account.id).not.toBe(globexAccount.id);
    expect(reply).not.toContain(String(globexAccount.id));
    expect(reply).not.toContain('globex-side');
    // globex cannot convert (or even see) acme's lead.
    const theirs = await w.say('globex', 'admin', 'convertis le lead marie@acme-side.fr');
    expect(theirs).toBe('Je ne trouve aucun lead pour « marie@acme-side.fr ».');
  });
});
