import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmWorld, startCrmWorld, WEB } from './crm-world.ts';

/**
 * Issue 14 §2 contacts through the real pipeline with the rules engine (no model key): FR and EN,
 * member and admin, the web chat's viewer, dedicated mode (`dedi`) and shared mode (`acme`).
 */
describe('contacts (rules engine, real pipeline)', () => {
  let w: CrmWorld;
  beforeAll(async () => {
    w = await startCrmWorld();
  });
  afterAll(() => w.close());

  const contacts = (espo = w.espoD) => w.records(espo, 'Contact');
  const accounts = (espo = w.espoD) => w.records(espo, 'Account');
  const byEmail = (email: string, espo = w.espoD) => contacts(espo).filter((c) => c.emailAddress === email);

  it('contacts: a member (FR) creates a contact at a company that does not exist yet: the account is created and linked, the reply names both with their ids', async () => {
    const reply = await w.say(
      'dedi',
      'member',
      'crée un contact Marie Dupont chez Boulangerie Dupont, email marie@dupont.fr',
    );
    const [marie] = byEmail('marie@dupont.fr');
    const [account] = accounts().filter((a) => a.name === 'Boulangerie Dupont');
    expect(marie).toMatchObject({ firstName: 'Marie', lastName: 'Dupont', accountId: account!.id });
    expect(reply).toContain(
      `✅ Contact créé : Marie Dupont (marie@dupont.fr, Boulangerie Dupont) [${marie!.id}]`,
    );
    expect(reply).toContain(`Rattaché au compte Boulangerie Dupont [${account!.id}] (compte créé)`);
    const linked = await w.related(w.espoD, 'Account', String(account!.id), 'contacts');
    expect(linked.map((c) => c.id)).toEqual([marie!.id]);
  });

  it('contacts: a second contact of the same company is linked to the existing account (exactly one), not a new one', async () => {
    const reply = await w.say(
      'dedi',
      'admin',
      'crée le contact Paul Dupont chez Boulangerie Dupont, tél 06 12 34 56 78',
    );
    expect(accounts().filter((a) => a.name === 'Boulangerie Dupont')).toHaveLength(1);
    const paul = contacts().find((c) => c.lastName === 'Dupont' && c.firstName === 'Paul')!;
    expect(paul.phoneNumber).toBe('+33612345678');
    expect(reply).toMatch(/\(compte existant\)/);
  });

  it('contacts: a company name that matches several accounts is asked about, and nothing is created', async () => {
    await w.seed(w.espoD, 'Account', { name: 'Acme Nord' });
    await w.seed(w.espoD, 'Account', { name: 'Acme Sud' });
    const before = contacts().length;
    const reply = await w.say('dedi', 'member', 'crée un contact Jean Acme chez Acme');
    expect(reply).toMatch(/Plusieurs comptes correspondent/);
    expect(reply).toContain('Acme Nord');
    expect(reply).toContain('Acme Sud');
    expect(contacts().length).toBe(before);
  });

  it('contacts: the same person again (same e-mail) is reported as existing, never created twice', async () => {
    const reply = await w.say('dedi', 'member', 'nouveau contact Marie Dupont, email marie@dupont.fr');
    expect(byEmail('marie@dupont.fr')).toHaveLength(1);
    expect(reply).toMatch(/^ℹ️ Contact déjà existant : Marie Dupont/);
  });

  it('contacts: an admin (EN) creates, finds and updates a contact; the reply is in English', async () => {
    const created = await w.say('dedi', 'admin', 'new contact Mary Smith at Acme Corp, email mary@acme.com');
    const mary = byEmail('mary@acme.com')[0]!;
    expect(created).toContain(`✅ Contact created: Mary Smith (mary@acme.com, Acme Corp) [${mary.id}]`);
    expect(created).toMatch(/Linked to account Acme Corp \[\w+\] \(new account\)/);
    const found = await w.say('dedi', 'admin', 'find contact Smith');
    expect(found).toMatch(/^🔎 1 contact found:/);
    expect(found).toContain(String(mary.id));
    const updated = await w.say('dedi', 'admin', "update contact Mary Smith's phone to +44 20 7946 0958");
    expect(updated).toMatch(/^✅ Contact updated: Mary Smith/);
    expect(byEmail('mary@acme.com')[0]!.phoneNumber).toBe('+442079460958');
  });

  it("contacts: a member (FR) lists an account's contacts and changes a contact's e-mail", async () => {
    const list = await w.say('dedi', 'member', 'contacts de Boulangerie Dupont');
    expect(list).toMatch(/^🔎 2 contacts trouvés :/);
    expect(list).toContain('Marie Dupont');
    expect(list).toContain('Paul Dupont');
    const reply = await w.say(
      'dedi',
      'member',
      "change l'email du contact Marie Dupont en marie.d@dupont.fr",
    );
    expect(reply).toMatch(/^✅ Contact mis à jour : Marie Dupont/);
    expect(reply).toContain('• emailAddress: marie.d@dupont.fr');
    expect(byEmail('marie.d@dupont.fr')).toHaveLength(1);
  });

  it('contacts: a wrong e-mail is named in the reply and nothing is written', async () => {
    const before = contacts().length;
    const reply = await w.say('dedi', 'member', 'crée un contact Léa Faux, email lea@@faux');
    expect(reply).toMatch(/L'adresse e-mail « lea@@faux » n'est pas valide/);
    expect(contacts().length).toBe(before);
  });

  it('contacts: a web-chat viewer can search contacts but cannot create one', async () => {
    const found = await w.web(WEB.viewer, 'cherche le contact Dupont');
    expect(found.status).toBe(200);
    expect(found.reply).toMatch(/contacts? trouvés?/);
    const before = contacts().length;
    const denied = await w.web(WEB.viewer, 'crée un contact Vue Seule, email vue@seule.fr');
    expect(denied.reply).toMatch(/réservée|not allowed|administrateurs/);
    expect(contacts().length).toBe(before);
    const member = await w.web(WEB.member, 'crée un contact Web Membre, email web@membre.fr');
    expect(member.reply).toMatch(/^✅ Contact créé : Web Membre/);
  });

  it('contacts: shared mode — two tenants create the same contact at the same company: each gets its own records, and neither reply names the other tenant’s', async () => {
    const a = await w.say(
      'acme',
      'member',
      'crée un contact Marie Dupont chez Boulangerie Dupont, email marie@acme-side.fr',
    );
    const conflicts = () => w.espoS.log.filter((l) => l.method === 'POST' && l.status === 409).length;
    const before = conflicts();
    const b = await w.say('globex', 'admin', 'crée un contact Marie Dupont chez Boulangerie Dupont');
    // EspoCRM's duplicate check knows no tenant: it answered 409 with acme's records (account, contact).
    expect(conflicts() - before).toBe(2);
    const all = w.records(w.espoS, 'Contact').filter((c) => c.lastName === 'Dupont');
    const accs = w.records(w.espoS, 'Account').filter((x) => x.name === 'Boulangerie Dupont');
    expect(all.map((c) => c.cTenantId).sort()).toEqual(['acme', 'globex']);
    expect(accs.map((x) => x.cTenantId).sort()).toEqual(['acme', 'globex']);
    const acmeSide = [...all, ...accs].filter((r) => r.cTenantId === 'acme');
    const globexSide = [...all, ...accs].filter((r) => r.cTenantId === 'globex');
    // globex's create met EspoCRM's 409 naming acme's contact and account: none of it reached the reply.
    expect(b).toMatch(/^✅ Contact créé : Marie Dupont/);
    for (const r of acmeSide) expect(b).not.toContain(String(r.id));
    expect(b).not.toContain('marie@acme-side.fr');
    for (const r of globexSide) expect(a).not.toContain(String(r.id));
    for (const r of globexSide)
      if (r.accountId) expect(accs.find((x) => x.id === r.accountId)?.cTenantId).toBe('globex');
  });

  it('contacts: shared mode — a tenant finds only its own contacts, even by the other’s exact e-mail', async () => {
    const reply = await w.say('globex', 'member', 'cherche le contact marie@acme-side.fr');
    expect(reply).toBe('Aucun contact trouvé.');
    const list = await w.say('globex', 'member', 'mes contacts');
    expect(list).not.toContain('marie@acme-side.fr');
    expect(list).toMatch(/^🔎 1 contact trouvé :/);
  });
});
