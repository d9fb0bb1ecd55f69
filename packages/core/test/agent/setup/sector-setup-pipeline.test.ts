import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTOR_TEMPLATES, templatePlan } from '../../../src/agent/setup/templates.ts';
import { type Harness, startHarness } from '../pipeline/harness.ts';

/**
 * Issue 14 §4: "configure le CRM pour une agence immobilière" through the real pipeline with the rules
 * engine: the plan is shown once, applied once on OUI (nothing on NON or any other message), idempotent,
 * rebuilt and health-checked, audited, the sector kept in tenant memory; admins only, dedicated mode only.
 */
const DEDICATED = '1101001431';
const FULL = '1101001433';
const SHARED = '1101001432';
const ADMIN = '33600001431@c.us';
const MEMBER = '33600001432@c.us';

const REAL_ESTATE = ['cProjectType', 'cPropertyType', 'cMaxBudget', 'cSearchArea', 'cMinSurface', 'cRooms'];

describe('sector setup (rules engine)', () => {
  let h: Harness;
  let own: EspoStandIn;
  beforeAll(async () => {
    h = await startHarness();
    own = await startEspoStandIn({ port: 0 });
    h.espo.addField('Lead', 'cTenantId', { type: 'varchar', maxLength: 64, isCustom: true });
    await h.seedTenant({ id: 'acme', idInstance: DEDICATED, crmUrl: own.url, admin: ADMIN, member: MEMBER });
    await h.seedTenant({
      id: 'shared',
      idInstance: SHARED,
      crmUrl: h.espo.url,
      mode: 'shared',
      admin: ADMIN,
    });
    await h.seedTenant({ id: 'full', idInstance: FULL, crmUrl: own.url, admin: ADMIN });
  });
  afterAll(async () => {
    await own?.stop();
    await h?.close();
  });

  const say = (instance: string, chatId: string, text: string) => h.deliver(h.text(instance, chatId, text));
  const replies = (chatId: string) => h.green.sent().filter((m) => m.chatId === chatId);
  const lastReply = (chatId: string) => replies(chatId).at(-1)?.message ?? '';
  const fields = async (espo: EspoStandIn, entity: string) => {
    const res = await fetch(`${espo.url}/api/v1/Metadata?key=entityDefs.${entity}.fields`, {
      headers: { 'X-Api-Key': espo.apiKey },
    });
    return (await res.json()) as Record<string, { type: string; options?: string[] }>;
  };
  const custom = async (espo: EspoStandIn, entity: string) =>
    Object.keys(await fields(espo, entity)).filter((f) => /^c[A-Z]/.test(f));
  const rebuilds = (espo: EspoStandIn) => espo.log.filter((l) => l.path === '/api/v1/Admin/rebuild').length;
  const memory = async (tenant: string) =>
    (
      await h.db.admin`select value from tenant_memory where tenant_id = ${tenant} and key = 'profile.sector'`
    )[0]?.value;

  it('FR, admin: the plan is shown once; NON and any other message apply nothing; OUI applies it once, rebuilds, checks health, audits and remembers the sector', async () => {
    const plan = templatePlan(SECTOR_TEMPLATES.find((t) => t.key === 'real_estate')!, 'fr');
    const before = replies(ADMIN).length;
    await say(DEDICATED, ADMIN, 'configure le CRM pour une agence immobilière');
    expect(replies(ADMIN)).toHaveLength(before + 1);
    const ask = lastReply(ADMIN);
    expect(ask).toMatch(/^⚠️ Configurer le CRM pour « immobilier » avec 7 champs \?\n/);
    expect(ask).toContain(
      '• Leads · Type de bien (liste : Appartement, Maison, Terrain, Local commercial, Immeuble) → fiche, liste\n',
    );
    expect(ask).toContain('• Opportunités · Mandat (liste : ');
    expect(ask).not.toMatch(/plan_sector_setup|[{}"]/);
    const [pending] = await h.db
      .admin`select args from pending_actions where tenant_id = 'acme' and consumed_at is null`;
    expect(pending!.args).toEqual(plan);

    await say(DEDICATED, ADMIN, 'NON');
    expect(lastReply(ADMIN)).toBe('Action annulée.');
    await say(DEDICATED, ADMIN, 'configure le CRM pour une agence immobilière');
    await say(DEDICATED, ADMIN, 'derniers leads');
    expect(lastReply(ADMIN)).toMatch(
      /^ℹ️ J'ai annulé la configuration du CRM pour « immobilier », qui attendait votre OUI\./,
    );
    expect(await custom(own, 'Lead')).toEqual([]);
    expect(rebuilds(own)).toBe(0);

    await say(DEDICATED, ADMIN, 'configure le CRM pour une agence immobilière');
    await say(DEDICATED, ADMIN, 'oui');
    const done = lastReply(ADMIN);
    expect(done.split('\n')).toEqual([
      '✅ CRM configuré pour « immobilier » :',
      '• champs créés : Projet (Lead.cProjectType), Type de bien (Lead.cPropertyType), Budget max (Lead.cMaxBudget), Secteur recherché (Lead.cSearchArea), Surface min. (m²) (Lead.cMinSurface), Nombre de pièces (Lead.cRooms), Mandat (Opportunity.cMandateType)',
      '• vues mises à jour : Lead.detail (+6), Lead.list (+2), Opportunity.detail (+1)',
      '• CRM reconstruit, cache vidé',
      '• santé du CRM : ✅ joignable, authentifié, droits admin',
      '🧠 Secteur retenu : immobilier',
    ]);
    const lead = await fields(own, 'Lead');
    expect(await custom(own, 'Lead')).toEqual(REAL_ESTATE);
    expect(lead.cPropertyType).toMatchObject({
      type: 'enum',
      options: ['', 'Appartement', 'Maison', 'Terrain', 'Local commercial', 'Immeuble'],
    });
    expect(lead.cMaxBudget?.type).toBe('currency');
    expect(await custom(own, 'Opportunity')).toEqual(['cMandateType']);
    expect(JSON.stringify(own.state.layout('Lead/list'))).toContain('"name":"cPropertyType"');
    expect(JSON.stringify(own.state.layout('Lead/detail'))).toContain('"name":"cRooms"');
    expect(rebuilds(own)).toBe(1);
    expect(await memory('acme')).toBe('immobilier');
    const [row] = await h.db.admin`
      select result, detail from max_logs
       where tenant_id = 'acme' and action = 'plan_sector_setup' and detail ->> 'confirmed' = 'true'`;
    expect(row!.result).toBe('ok');
    expect(row!.detail.audit).toMatchObject({
      sector: 'immobilier',
      plan: expect.arrayContaining(['Lead.cPropertyType:enum', 'Opportunity.cMandateType:enum']),
      created: expect.arrayContaining(['Lead.cPropertyType']),
      rebuilt: true,
      healthy: true,
    });
    await say(DEDICATED, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(/rien à confirmer/);
    expect(rebuilds(own)).toBe(1);
  });

  it('idempotent: applying the same sector again (here in English) creates no field twice, moves no layout entry, and needs no rebuild', async () => {
    const layouts = JSON.stringify([own.state.layout('Lead/detail'), own.state.layout('Lead/list')]);
    await say(DEDICATED, ADMIN, 'set up the CRM for a real estate agency');
    // The fields the CRM already has are said to stay as they are.
    const ask = lastReply(ADMIN);
    expect(ask).toMatch(/^⚠️ Set up the CRM for "real estate" with 7 fields\?\n/);
    expect(ask).toContain(
      '• Leads · Property type (list: Apartment, House, Land, Commercial premises, Building) → detail, list (already there, left as it is)',
    );
    await say(DEDICATED, ADMIN, 'yes');
    expect(lastReply(ADMIN).split('\n')).toEqual([
      '✅ CRM set up for "real estate":',
      '• already there, left as they are: Project (Lead.cProjectType), Property type (Lead.cPropertyType), Maximum budget (Lead.cMaxBudget), Search area (Lead.cSearchArea), Min. area (m²) (Lead.cMinSurface), Rooms (Lead.cRooms), Mandate (Opportunity.cMandateType)',
      '• nothing to change: no rebuild',
      '• CRM health: ✅ reachable, authenticated, admin rights',
      '🧠 Sector remembered: real estate',
    ]);
    expect(await custom(own, 'Lead')).toEqual(REAL_ESTATE);
    expect(await custom(own, 'Opportunity')).toEqual(['cMandateType']);
    expect(JSON.stringify([own.state.layout('Lead/detail'), own.state.layout('Lead/list')])).toBe(layouts);
    expect(rebuilds(own)).toBe(1);
    expect(await memory('acme')).toBe('real estate');
  });

  it('EN, admin: "set up the CRM for a bakery" adds the food-service fields next to the existing ones', async () => {
    await say(DEDICATED, ADMIN, 'set up the CRM for a bakery');
    await say(DEDICATED, ADMIN, 'YES');
    expect(lastReply(ADMIN)).toMatch(
      /^✅ CRM set up for "food service":\n• fields created: Request \(Lead\.cRequestType\), Event date \(Lead\.cEventDate\), Guests \(Lead\.cGuests\), Dietary needs \(Lead\.cDietaryNeeds\), Delivery days \(Account\.cDeliveryDays\)\n/,
    );
    expect(await custom(own, 'Lead')).toEqual([
      ...REAL_ESTATE,
      'cRequestType',
      'cEventDate',
      'cGuests',
      'cDietaryNeeds',
    ]);
    expect((await fields(own, 'Account')).cDeliveryDays?.type).toBe('multiEnum');
    expect(rebuilds(own)).toBe(2);
  });

  it('a member is refused (FR and EN): nothing is asked, nothing changes', async () => {
    const before = await custom(own, 'Lead');
    await say(DEDICATED, MEMBER, 'configure le CRM pour un cabinet de conseil');
    expect(lastReply(MEMBER)).toBe('Désolé, cette action est réservée aux administrateurs.');
    await say(DEDICATED, MEMBER, 'set up the CRM for a consulting firm');
    expect(lastReply(MEMBER)).toBe('Sorry, only administrators can do that.');
    await say(DEDICATED, MEMBER, 'oui');
    expect(lastReply(MEMBER)).toMatch(/rien à confirmer/);
    expect(await custom(own, 'Lead')).toEqual(before);
  });

  it('shared mode: even an admin is refused (the structure is the operator’s); nothing is asked, no field, no memory', async () => {
    const before = await custom(h.espo, 'Lead');
    await say(SHARED, ADMIN, 'configure le CRM pour une boulangerie');
    expect(lastReply(ADMIN)).toMatch(/^Ce CRM est partagé avec d'autres entreprises/);
    await say(SHARED, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(/rien à confirmer/);
    await say(SHARED, ADMIN, 'set up the CRM for a bakery');
    expect(lastReply(ADMIN)).toMatch(/^This CRM is shared with other businesses/);
    expect(await custom(h.espo, 'Lead')).toEqual(before);
    expect(rebuilds(h.espo)).toBe(0);
    expect(await memory('shared')).toBeUndefined();
  });

  it('a full tenant memory: the setup still applies and answers, and says the sector could not be kept', async () => {
    for (let n = 1; n <= 50; n++)
      await h.db
        .admin`insert into tenant_memory (tenant_id, key, value) values ('full', ${`note.${n}`}, 'x')`;
    const res = await say(FULL, ADMIN, 'configure le CRM pour une agence immobilière');
    expect(res.status).toBe(200);
    expect((await say(FULL, ADMIN, 'oui')).status).toBe(200);
    const reply = lastReply(ADMIN);
    expect(reply).toMatch(/^✅ CRM configuré pour « immobilier » :/);
    expect(reply.split('\n').at(-1)).toBe(
      '🧠 Mémoire pleine : le secteur n’a pas été retenu (oubliez une information pour faire de la place).',
    );
    expect(await memory('full')).toBeUndefined();
  });
});
