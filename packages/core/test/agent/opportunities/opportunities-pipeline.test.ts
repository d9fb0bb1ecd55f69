import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmWorld, startCrmWorld, WEB } from '../contacts/crm-world.ts';

/**
 * Issue 14 §2 opportunities through the real pipeline with the rules engine: amounts with their
 * currency (refused clearly when the install does not accept it), stages checked against the live
 * metadata, close dates, FR/EN, roles, both modes.
 */
describe('opportunities (rules engine, real pipeline)', () => {
  let w: CrmWorld;
  beforeAll(async () => {
    w = await startCrmWorld();
  });
  afterAll(() => w.close());

  const opps = (espo = w.espoD) => w.records(espo, 'Opportunity');
  const opp = (name: string, espo = w.espoD) => opps(espo).find((o) => o.name === name);

  it('opportunities: a member (FR) creates a deal in euros for a new company: account created and linked, stage and close date as said, the reply carries what EspoCRM stored', async () => {
    const reply = await w.say(
      'dedi',
      'member',
      'crée une opportunité Site web pour Boulangerie Dupont, 5000 €, clôture le 15 décembre',
    );
    const o = opp('Site web')!;
    const account = w.records(w.espoD, 'Account').find((a) => a.name === 'Boulangerie Dupont')!;
    expect(o).toMatchObject({
      amount: 5000,
      amountCurrency: 'EUR',
      stage: 'Prospecting',
      accountId: account.id,
    });
    expect(String(o.closeDate)).toMatch(/^20\d\d-12-15$/);
    expect(reply).toContain(`✅ Opportunité créée : Site web (Boulangerie Dupont) [${o.id}]`);
    expect(reply).toContain('• Étape : Prospecting · Montant : 5000 EUR · Clôture : ');
    expect(reply).toContain(`🏢 Compte : Boulangerie Dupont [${account.id}] (compte créé)`);
  });

  it('opportunities: without a close date it is set a month ahead, and the reply says it is a default', async () => {
    const reply = await w.say(
      'dedi',
      'member',
      'nouvelle affaire Maintenance pour Boulangerie Dupont de 1 200 €',
    );
    const o = opp('Maintenance')!;
    expect(o.accountId).toBe(w.records(w.espoD, 'Account').find((a) => a.name === 'Boulangerie Dupont')!.id);
    expect(o.amount).toBe(1200);
    expect(reply).toMatch(/Clôture : \d{4}-\d{2}-\d{2} \(par défaut, dans 30 jours\)/);
    expect(w.records(w.espoD, 'Account').filter((a) => a.name === 'Boulangerie Dupont')).toHaveLength(1);
  });

  it('opportunities: a deal without an amount asks for it; nothing is created', async () => {
    const before = opps().length;
    const reply = await w.say('dedi', 'member', 'crée une opportunité Audit pour Boulangerie Dupont');
    expect(reply).toMatch(/Il manque le montant/);
    expect(opps().length).toBe(before);
  });

  it('opportunities: an install that only accepts USD refuses euros with a clear reply naming both; nothing is created', async () => {
    const before = opps(w.h.espo).length;
    const reply = await w.say('usd', 'member', 'crée une opportunité Site web pour Acme, 5000 €');
    expect(reply).toBe(
      "❌ La devise EUR n'est pas acceptée par ce CRM (devises acceptées : USD). Donnez le montant dans une devise acceptée, ou demandez à l'administrateur d'EspoCRM d'ajouter EUR (Administration › Devises) ; rien n'a été créé ni modifié.",
    );
    expect(opps(w.h.espo).length).toBe(before);
    expect(w.records(w.h.espo, 'Account').some((a) => a.name === 'Acme')).toBe(false);
    const en = await w.say('usd', 'admin', 'create an opportunity Website for Acme Corp, $5,000');
    expect(en).toMatch(
      /^✅ Opportunity created: Website \(Acme Corp\) \[\w+\]\n• Stage: Prospecting · Amount: 5000 USD/,
    );
  });

  it('opportunities: a stage the CRM does not have is refused with the live options; a known one moves the deal (FR and EN)', async () => {
    const bad = await w.say('dedi', 'member', "change l'étape de l'opportunité Site web en Signature");
    expect(bad).toBe(
      "Le champ « stage » n'est pas valide (valeurs possibles : Prospecting, Qualification, Proposal, Negotiation, Closed Won, Closed Lost).",
    );
    expect(opp('Site web')!.stage).toBe('Prospecting');
    const fr = await w.say('dedi', 'member', "passe l'opportunité Site web en négociation");
    expect(fr).toMatch(/^✅ Opportunité mise à jour : Site web/);
    expect(opp('Site web')).toMatchObject({ stage: 'Negotiation', probability: 80 });
    const en = await w.say('dedi', 'admin', 'mark deal Maintenance as won');
    expect(en).toMatch(/^✅ Opportunity updated: Maintenance/);
    expect(opp('Maintenance')).toMatchObject({ stage: 'Closed Won', probability: 100 });
  });

  it('opportunities: amount and close date change; open deals and an account’s deals are listed', async () => {
    await w.say('dedi', 'member', "change le montant de l'opportunité Site web à 6000 €");
    await w.say('dedi', 'member', "décale la clôture de l'opportunité Site web au 20 janvier 2027");
    expect(opp('Site web')).toMatchObject({ amount: 6000, amountCurrency: 'EUR', closeDate: '2027-01-20' });
    const open = await w.say('dedi', 'member', 'liste les opportunités ouvertes');
    expect(open).toContain('Site web');
    expect(open).not.toContain('Maintenance'); // won: closed
    const mine = await w.say('dedi', 'admin', 'find opportunities for Boulangerie Dupont');
    expect(mine).toMatch(/^🔎 2 opportunities found:/);
    expect(mine).toContain('6000 EUR');
  });

  it('opportunities: a web-chat viewer can list deals but not create one', async () => {
    const list = await w.web(WEB.viewer, 'mes affaires en cours');
    expect(list.reply).toContain('Site web');
    const before = opps().length;
    await w.web(WEB.viewer, 'crée une opportunité Pirate pour Boulangerie Dupont, 10 €');
    expect(opps().length).toBe(before);
  });

  it('opportunities: shared mode — deals are created with the tenant value, and a tenant never lists or moves another’s', async () => {
    await w.say('acme', 'member', 'crée une opportunité Refonte pour Boulangerie Dupont, 3000 €');
    const acmeOpp = opp('Refonte', w.espoS)!;
    expect(acmeOpp.cTenantId).toBe('acme');
    expect(w.records(w.espoS, 'Account').find((a) => a.id === acmeOpp.accountId)?.cTenantId).toBe('acme');
    const list = await w.say('globex', 'member', 'liste les opportunités');
    expect(list).toBe('Aucune opportunité trouvée.');
    const moved = await w.say('globex', 'admin', "passe l'opportunité Refonte en perdue");
    expect(moved).toMatch(/Je ne trouve aucune opportunité pour « Refonte »/);
    expect(opp('Refonte', w.espoS)!.stage).toBe('Prospecting');
  });
});
