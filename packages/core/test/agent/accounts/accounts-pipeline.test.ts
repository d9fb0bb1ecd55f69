import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmWorld, startCrmWorld, WEB } from '../contacts/crm-world.ts';

/** Issue 14 §2 accounts through the real pipeline with the rules engine: FR/EN, roles, both modes. */
describe('accounts (rules engine, real pipeline)', () => {
  let w: CrmWorld;
  beforeAll(async () => {
    w = await startCrmWorld();
  });
  afterAll(() => w.close());

  const accounts = (espo = w.espoD) => w.records(espo, 'Account');
  const named = (name: string, espo = w.espoD) => accounts(espo).filter((a) => a.name === name);

  it('accounts: a member (FR) creates an account with website, phone and e-mail; the reply carries its id', async () => {
    const reply = await w.say(
      'dedi',
      'member',
      "crée l'entreprise Boulangerie Martin, site boulangerie-martin.fr, tél 01 42 00 00 00, email contact@boulangerie-martin.fr",
    );
    const [acc] = named('Boulangerie Martin');
    expect(acc).toMatchObject({
      website: 'boulangerie-martin.fr',
      phoneNumber: '+33142000000',
      emailAddress: 'contact@boulangerie-martin.fr',
    });
    expect(reply).toBe(`✅ Compte créé : Boulangerie Martin (contact@boulangerie-martin.fr) [${acc!.id}]`);
  });

  it('accounts: the same company again is reported as existing (one record)', async () => {
    const reply = await w.say('dedi', 'member', 'nouvelle société Boulangerie Martin');
    expect(named('Boulangerie Martin')).toHaveLength(1);
    expect(reply).toMatch(/^ℹ️ Compte déjà existant : Boulangerie Martin/);
  });

  it('accounts: an admin (EN) creates an account with industry and type, finds it by industry, and changes its website', async () => {
    const created = await w.say(
      'dedi',
      'admin',
      'new company Globex Corp, industry Technology, type partner',
    );
    const [g] = named('Globex Corp');
    expect(g).toMatchObject({ industry: 'Technology', type: 'Partner' });
    expect(created).toBe(`✅ Account created: Globex Corp [${g!.id}]`);
    const found = await w.say('dedi', 'admin', 'list companies in the Technology industry');
    expect(found).toMatch(/^🔎 1 account found:/);
    expect(found).toContain(String(g!.id));
    const updated = await w.say('dedi', 'admin', 'set the website of account Globex Corp to globex.io');
    expect(updated).toMatch(/^✅ Account updated: Globex Corp/);
    expect(named('Globex Corp')[0]!.website).toBe('globex.io');
  });

  it('accounts: an industry the CRM does not know is refused with the allowed values, nothing written', async () => {
    const before = accounts().length;
    const reply = await w.say('dedi', 'member', 'crée un compte Vague SARL, secteur Boulangerie artisanale');
    expect(reply).toMatch(/Le champ « industry » n'est pas valide \(valeurs possibles : .*Retail/);
    expect(accounts().length).toBe(before);
  });

  it('accounts: a web-chat viewer can list accounts but not change one', async () => {
    const list = await w.web(WEB.viewer, 'liste les comptes');
    expect(list.reply).toMatch(/^🔎 \d+ comptes trouvés/);
    const denied = await w.web(WEB.viewer, 'change le site du compte Boulangerie Martin en pirate.fr');
    expect(denied.reply).not.toMatch(/mis à jour/);
    expect(named('Boulangerie Martin')[0]!.website).toBe('boulangerie-martin.fr');
  });

  it('accounts: shared mode — the same company name in two tenants makes two records; each tenant sees and changes only its own', async () => {
    const a = await w.say('acme', 'admin', 'crée un compte Transports Petit, email contact@petit-acme.fr');
    const b = await w.say('globex', 'member', 'crée un compte Transports Petit');
    const recs = named('Transports Petit', w.espoS);
    expect(recs.map((r) => r.cTenantId).sort()).toEqual(['acme', 'globex']);
    const acme = recs.find((r) => r.cTenantId === 'acme')!;
    const globex = recs.find((r) => r.cTenantId === 'globex')!;
    expect(a).toContain(String(acme.id));
    expect(b).toMatch(/^✅ Compte créé : Transports Petit/);
    expect(b).not.toContain(String(acme.id));
    expect(b).not.toContain('petit-acme');
    await w.say('globex', 'member', 'change le site du compte Transports Petit en petit-globex.fr');
    expect(named('Transports Petit', w.espoS).find((r) => r.id === acme.id)!.website ?? null).toBeNull();
    expect(named('Transports Petit', w.espoS).find((r) => r.id === globex.id)!.website).toBe(
      'petit-globex.fr',
    );
    const found = await w.say('globex', 'member', 'cherche la société contact@petit-acme.fr');
    expect(found).toBe('Aucun compte trouvé.');
  });
});
