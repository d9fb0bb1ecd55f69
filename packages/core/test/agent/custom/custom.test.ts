import { incomingText } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCrmOf, crmOf, lastReply } from '../activities/seed.ts';
import { type Harness, startHarness } from '../pipeline/harness.ts';

/**
 * Issue 14 §2 custom entities (DiagnosticIA, MissionMAX from infra/scaleway-espocrm) and custom fields
 * by their label, through the real pipeline with the rules engine, FR and EN, member and admin, in a
 * dedicated CRM installed in French (fr_FR labels, as infra's docker-compose sets it).
 */
const T = Math.floor(Date.now() / 1000);
let n = 0;

function conversation(instance: string) {
  return (h: Harness, chatId: string, text: string) =>
    h.deliver(
      incomingText({
        idInstance: instance,
        chatId,
        text,
        idMessage: `CUS-${instance}-${n++}`,
        timestamp: T + n,
      }),
    );
}

describe('custom entities and fields by label (install with EUR and USD, fr_FR)', () => {
  const INSTANCE = '1101000061';
  const ADMIN = '33600000061@c.us';
  const MEMBER = '33600000062@c.us';
  const say = conversation(INSTANCE);
  let h: Harness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await startHarness({
      customizations: 'infra',
      espo: { language: 'fr_FR', settings: { currencyList: ['EUR', 'USD'], defaultCurrency: 'EUR' } },
    });
    await h.seedTenant({
      id: 'cust',
      idInstance: INSTANCE,
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
    });
    const crm = crmOf(h.espo);
    ids.lead = (
      await crm.create('Lead', {
        firstName: 'Marie',
        lastName: 'Dupontin',
        accountName: 'Boulangerie Dupontin',
      })
    ).record.id;
    ids.account = (await crm.create('Account', { name: 'Boulangerie Dupontin' })).record.id;
    ids.acme = (await crm.create('Account', { name: 'Acmeco' })).record.id;
    // The tenant's own fields, as an admin creates them (Field Manager: cBudget, labels in French).
    const admin = adminCrmOf(h.espo);
    await admin.createField('Lead', { name: 'budget', type: 'int', label: 'Budget', min: 0 });
    await admin.createField('Lead', { name: 'surfaceHabitable', type: 'float', label: 'Surface habitable' });
    await admin.createField('Lead', {
      name: 'typeDeBien',
      type: 'enum',
      label: 'Type de bien',
      options: ['', 'Maison', 'Appartement', 'Terrain'],
    });
    await admin.createField('Lead', { name: 'dateSignature', type: 'date', label: 'Date de signature' });
  });
  afterAll(() => h.close());

  const lead = () => h.espo.state.records('Lead').find((l) => l.id === ids.lead)!;
  const missions = (owner: string) =>
    h.espo.state.records('MissionMAX').filter((m) => m.accountId === owner || m.leadId === owner);

  it('MissionMAX (FR, member): "crée une mission MAX pour Boulangerie Dupontin, budget 1500 €" → linked to the account, 1500 EUR', async () => {
    await say(h, MEMBER, 'crée une mission MAX pour Boulangerie Dupontin, budget 1500 €');
    const [m] = missions(ids.account!);
    expect(m).toMatchObject({
      name: 'Mission MAX – Boulangerie Dupontin',
      budget: 1500,
      budgetCurrency: 'EUR',
      status: 'Planned',
      accountId: ids.account,
    });
    const reply = lastReply(h.green, MEMBER);
    expect(reply).toMatch(
      new RegExp(`✅ Mission MAX créée : Mission MAX – Boulangerie Dupontin .*\\[${m!.id}\\]`),
    );
    expect(reply).toMatch(new RegExp(`• Pour compte : Boulangerie Dupontin \\[${ids.account}\\]`));
    expect(reply).toMatch(/• Budget : 1500 EUR/);
  });

  it('MissionMAX (EN, admin): create for an account with dollars and dates, then move it by its French or English status', async () => {
    await say(
      h,
      ADMIN,
      'create a MAX mission for the Acmeco account with budget $3000, from 2027-01-04 to 2027-03-31',
    );
    const [m] = missions(ids.acme!);
    expect(m).toMatchObject({
      budget: 3000,
      budgetCurrency: 'USD',
      startDate: '2027-01-04',
      endDate: '2027-03-31',
    });
    expect(lastReply(h.green, ADMIN)).toMatch(
      /✅ MAX mission created: Mission MAX – Acmeco .*\n• For account: Acmeco .*\n• Budget: 3000 USD\n• Date de début: 2027-01-04/,
    );
    await say(h, MEMBER, 'passe la mission de Boulangerie Dupontin en cours');
    expect(missions(ids.account!)[0]!.status).toBe('In Progress');
    expect(lastReply(h.green, MEMBER)).toMatch(
      /✅ Mission MAX mise à jour : .*\n• Statut: In Progress \(En cours\)/,
    );
    await say(h, ADMIN, 'mark the mission Acmeco as done');
    expect(missions(ids.acme!)[0]!.status).toBe('Done');
  });

  it('MissionMAX: find them by owner and by status (FR and EN)', async () => {
    await say(h, MEMBER, 'missions MAX de Boulangerie Dupontin');
    expect(lastReply(h.green, MEMBER)).toMatch(
      /🔎 1 mission MAX trouvée :\n• Mission MAX – Boulangerie Dupontin .*In Progress · 1500 EUR/,
    );
    await say(h, ADMIN, 'show the done MAX missions');
    const reply = lastReply(h.green, ADMIN);
    expect(reply).toMatch(/Acmeco/);
    expect(reply).not.toMatch(/Boulangerie/);
  });

  it('DiagnosticIA: "crée un diagnostic IA pour Dupontin, score 72", then "score du diagnostic de Dupontin : 80"', async () => {
    await say(h, MEMBER, 'crée un diagnostic IA pour Marie Dupontin, score 72');
    const diag = () => h.espo.state.records('DiagnosticIA').find((d) => d.leadId === ids.lead);
    expect(diag()).toMatchObject({ score: 72, status: 'Draft', name: 'Diagnostic IA – Marie Dupontin' });
    expect(lastReply(h.green, MEMBER)).toMatch(
      /✅ Diagnostic IA créé : Diagnostic IA – Marie Dupontin \[.*\n• Pour lead : Marie Dupontin .*\n• Score : 72/,
    );
    await say(h, MEMBER, 'score du diagnostic de Dupontin : 80');
    expect(diag()!.score).toBe(80);
    expect(lastReply(h.green, MEMBER)).toMatch(/✅ Diagnostic IA mis à jour : .*\n• Score: 80/);
    await say(h, ADMIN, 'set the diagnostic score of Marie Dupontin to 65');
    expect(diag()!.score).toBe(65);
  });

  it('DiagnosticIA: a score out of 0–100 or not a number is refused with what is allowed, nothing changes', async () => {
    await say(h, MEMBER, 'score du diagnostic de Dupontin : 150');
    expect(h.espo.state.records('DiagnosticIA').find((d) => d.leadId === ids.lead)!.score).toBe(65);
    expect(lastReply(h.green, MEMBER)).toBe(
      "❌ 150 est hors limites pour « Score » (valeurs possibles : 0–100) ; rien n'a été modifié.",
    );
    await say(h, ADMIN, 'set the diagnostic score of Marie Dupontin to high');
    expect(lastReply(h.green, ADMIN)).toMatch(/❌ "high" is not a whole number: "Score" takes a number/);
  });

  it('custom fields by their label: "mets le budget de Dupontin à 5000", "set Dupontin\'s budget to 6000", a French label, an enum by option', async () => {
    await say(h, MEMBER, 'mets le budget de Marie Dupontin à 5000');
    expect(lead().cBudget).toBe(5000);
    expect(lastReply(h.green, MEMBER)).toMatch(/✅ Lead mis à jour : Marie Dupontin .*\n• Budget: 5000/);
    await say(h, ADMIN, "set Marie Dupontin's budget to 6000");
    expect(lead().cBudget).toBe(6000);
    await say(h, MEMBER, 'mets la surface habitable de Marie Dupontin à 120,5');
    expect(lead().cSurfaceHabitable).toBe(120.5);
    await say(h, MEMBER, 'mets le type de bien de Marie Dupontin à appartement');
    expect(lead().cTypeDeBien).toBe('Appartement');
    await say(h, MEMBER, 'mets la date de signature de Marie Dupontin au 15/01/2027');
    expect(lead().cDateSignature).toBe('2027-01-15');
  });

  it('custom fields: a wrong value names the allowed ones (enum options, numbers, dates), nothing is written', async () => {
    await say(h, MEMBER, 'mets le type de bien de Marie Dupontin à château');
    expect(lead().cTypeDeBien).toBe('Appartement');
    expect(lastReply(h.green, MEMBER)).toBe(
      "❌ « château » n'est pas une valeur possible pour « Type de bien ». Valeurs possibles : Maison, Appartement, Terrain ; rien n'a été modifié.",
    );
    await say(h, ADMIN, "set Marie Dupontin's budget to lots");
    expect(lastReply(h.green, ADMIN)).toMatch(/❌ "lots" is not a whole number: "Budget" takes a number/);
    await say(h, MEMBER, 'mets la date de signature de Marie Dupontin à bientôt');
    expect(lastReply(h.green, MEMBER)).toMatch(
      /❌ « bientôt » n'est pas une date valide pour « Date de signature »/,
    );
    expect(lead().cBudget).toBe(6000);
    expect(lead().cDateSignature).toBe('2027-01-15');
  });

  it('custom fields: a word that names no field lists the fields there are', async () => {
    await say(h, MEMBER, 'mets le potentiel de Marie Dupontin à élevé');
    expect(lastReply(h.green, MEMBER)).toMatch(
      /❌ Je ne trouve pas de champ « potentiel » sur cette fiche\. Champs possibles : .*Budget.*Type de bien/,
    );
  });

  it('currencies: a currency the install does not list is refused with the accepted ones (GBP here)', async () => {
    const before = h.espo.state.records('MissionMAX').length;
    await say(h, MEMBER, 'crée une mission MAX pour Acmeco, budget 2000 GBP');
    expect(h.espo.state.records('MissionMAX')).toHaveLength(before);
    expect(lastReply(h.green, MEMBER)).toMatch(
      /❌ La devise GBP n'est pas acceptée par ce CRM \(devises acceptées : EUR, USD\)/,
    );
  });

  it('link a custom record to a lead or an account: "rattache la mission Acmeco au lead Marie Dupontin"', async () => {
    await say(h, ADMIN, 'rattache la mission Acmeco au lead Marie Dupontin');
    const m = h.espo.state.records('MissionMAX').find((x) => x.accountId === ids.acme)!;
    expect(m.leadId).toBe(ids.lead);
    expect(lastReply(h.green, ADMIN)).toMatch(/🔗 .*Acmeco.* rattaché à Marie Dupontin/);
  });
});

describe('currencies on a fresh install (USD only)', () => {
  const INSTANCE = '1101000071';
  const MEMBER = '33600000072@c.us';
  const say = conversation(INSTANCE);
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ customizations: 'infra' });
    await h.seedTenant({ id: 'fresh', idInstance: INSTANCE, crmUrl: h.espo.url, member: MEMBER });
    await crmOf(h.espo).create('Account', { name: 'Fournil Martin' });
  });
  afterAll(() => h.close());

  it('"budget 1500 €" is refused (EUR is not configured, USD is), "budget 1500" uses the default currency', async () => {
    await say(h, MEMBER, 'crée une mission MAX pour Fournil Martin, budget 1500 €');
    expect(h.espo.state.records('MissionMAX')).toHaveLength(0);
    expect(lastReply(h.green, MEMBER)).toMatch(
      /❌ La devise EUR n'est pas acceptée par ce CRM \(devises acceptées : USD\)/,
    );
    await say(h, MEMBER, 'crée une mission MAX pour Fournil Martin, budget 1500');
    expect(h.espo.state.records('MissionMAX').map((m) => [m.budget, m.budgetCurrency])).toEqual([
      [1500, 'USD'],
    ]);
  });
});
