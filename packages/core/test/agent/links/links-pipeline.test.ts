import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmWorld, startCrmWorld, WEB } from '../contacts/crm-world.ts';

/**
 * Issue 14 §2 links between records through the real pipeline with the rules engine: contact →
 * account through EspoCRM's accounts relationship, opportunity → account (its accountId) and
 * opportunity ↔ contact (the contacts relationship); unlinking; FR/EN, roles, both modes.
 */
describe('links between records (rules engine, real pipeline)', () => {
  let w: CrmWorld;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    w = await startCrmWorld();
    ids.marie = String((await w.seed(w.espoD, 'Contact', { firstName: 'Marie', lastName: 'Dupont' })).id);
    ids.mary = String((await w.seed(w.espoD, 'Contact', { firstName: 'Mary', lastName: 'Smith' })).id);
    ids.boulangerie = String((await w.seed(w.espoD, 'Account', { name: 'Boulangerie Dupont' })).id);
    ids.acme = String((await w.seed(w.espoD, 'Account', { name: 'Acme Corp' })).id);
    ids.site = String(
      (await w.seed(w.espoD, 'Opportunity', { name: 'Site web', amount: 5000, closeDate: '2026-12-31' })).id,
    );
  });
  afterAll(() => w.close());

  const get = (entity: string, id: string, espo = w.espoD) =>
    w.records(espo, entity).find((r) => r.id === id)!;
  const linkedIds = async (entity: string, id: string, link: string, espo = w.espoD) =>
    (await w.related(espo, entity, id, link)).map((r) => r.id);

  it('links: "rattache Marie Dupont à Boulangerie Dupont" (member, FR) relates them as EspoCRM does: accounts relationship, primary accountId filled', async () => {
    const reply = await w.say('dedi', 'member', 'rattache Marie Dupont à Boulangerie Dupont');
    expect(await linkedIds('Account', ids.boulangerie!, 'contacts')).toEqual([ids.marie]);
    expect(get('Contact', ids.marie!).accountId).toBe(ids.boulangerie);
    expect(reply).toBe(`🔗 Marie Dupont [${ids.marie}] rattaché à Boulangerie Dupont [${ids.boulangerie}]`);
  });

  it('links: an opportunity is linked to an account (its accountId) and to a contact (contacts relationship)', async () => {
    const toAccount = await w.say(
      'dedi',
      'member',
      "lie l'opportunité Site web au compte Boulangerie Dupont",
    );
    expect(get('Opportunity', ids.site!).accountId).toBe(ids.boulangerie);
    expect(toAccount).toContain(`[${ids.site}] rattaché à Boulangerie Dupont [${ids.boulangerie}]`);
    await w.say('dedi', 'member', "associe l'opportunité Site web à Marie Dupont");
    expect(await linkedIds('Opportunity', ids.site!, 'contacts')).toEqual([ids.marie]);
  });

  it('links: an admin (EN) links a contact to an account, then unlinks it', async () => {
    const linked = await w.say('dedi', 'admin', 'link Mary Smith to Acme Corp');
    expect(linked).toBe(`🔗 Mary Smith [${ids.mary}] linked to Acme Corp [${ids.acme}]`);
    expect(await linkedIds('Contact', ids.mary!, 'accounts')).toEqual([ids.acme]);
    const unlinked = await w.say('dedi', 'admin', 'unlink Mary Smith from Acme Corp');
    expect(unlinked).toBe(`✂️ Mary Smith [${ids.mary}] unlinked from Acme Corp [${ids.acme}]`);
    expect(await linkedIds('Contact', ids.mary!, 'accounts')).toEqual([]);
    expect(get('Contact', ids.mary!).accountId ?? null).toBeNull();
  });

  it('links: unlinking what is not linked says so and changes nothing (FR)', async () => {
    const reply = await w.say('dedi', 'member', 'détache Mary Smith de Boulangerie Dupont');
    expect(reply).toBe('ℹ️ Mary Smith / Boulangerie Dupont : ces fiches ne sont pas liées, rien à détacher.');
    expect(await linkedIds('Account', ids.boulangerie!, 'contacts')).toEqual([ids.marie]);
  });

  it('links: a name nobody has is reported, and nothing is linked', async () => {
    const reply = await w.say('dedi', 'member', 'rattache Marie Dupont au compte Inconnue SA');
    expect(reply).toBe('Je ne trouve aucun compte pour « Inconnue SA ».');
  });

  it('links: a web-chat viewer cannot link records', async () => {
    await w.web(WEB.viewer, 'rattache Mary Smith à Acme Corp');
    expect(await linkedIds('Contact', ids.mary!, 'accounts')).toEqual([]);
  });

  it('links: shared mode — a tenant links its own records; the other tenant’s records of the same names are untouched and unreachable', async () => {
    const mine = String(
      (await w.seed(w.espoS, 'Contact', { firstName: 'Zoé', lastName: 'Lien', cTenantId: 'acme' })).id,
    );
    const myAcc = String((await w.seed(w.espoS, 'Account', { name: 'Lien SA', cTenantId: 'acme' })).id);
    const theirs = String(
      (await w.seed(w.espoS, 'Contact', { firstName: 'Zoé', lastName: 'Lien', cTenantId: 'globex' })).id,
    );
    const theirAcc = String((await w.seed(w.espoS, 'Account', { name: 'Lien SA', cTenantId: 'globex' })).id);
    const reply = await w.say('acme', 'member', 'rattache Zoé Lien à Lien SA');
    expect(reply).toBe(`🔗 Zoé Lien [${mine}] rattaché à Lien SA [${myAcc}]`);
    expect(await linkedIds('Account', myAcc, 'contacts', w.espoS)).toEqual([mine]);
    expect(await linkedIds('Account', theirAcc, 'contacts', w.espoS)).toEqual([]);
    expect(await linkedIds('Contact', theirs, 'accounts', w.espoS)).toEqual([]);
  });
});
