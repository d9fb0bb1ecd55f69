import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFreshEspo, startInfraEspo } from './helpers.ts';

type Started = Awaited<ReturnType<typeof startInfraEspo>>;
type R = Record<string, unknown>;

const ENTITIES = [
  'Lead',
  'Contact',
  'Account',
  'Opportunity',
  'Call',
  'Meeting',
  'Task',
  'Note',
  'DiagnosticIA',
  'MissionMAX',
];

/** `GET Metadata` / `GET I18n` / the Field Manager with and without infra/scaleway-espocrm's custom/ folder. */
describe('EspoCRM stand-in metadata', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startInfraEspo({ language: 'fr_FR' });
  });
  afterAll(() => s.espo.stop());

  it('shared mode: cTenantId (varchar 64) exists on every entity, as the shipped entityDefs say', async () => {
    for (const entity of ENTITIES) {
      const def = await s.api.get(`Metadata?key=entityDefs.${entity}.fields.cTenantId`);
      expect(def.body, entity).toMatchObject({ type: 'varchar', maxLength: 64 });
    }
    // The core entities got it as a custom field; the custom entities declare it themselves.
    expect((await s.api.get('Metadata?key=entityDefs.Contact.fields.cTenantId.isCustom')).body).toBe(true);
    expect((await s.api.get('Metadata?key=entityDefs.MissionMAX.fields.cTenantId.isCustom')).body).toBeNull();
  });

  it('the custom entities, their links from Lead and Account, and the core definitions', async () => {
    const diag = (await s.api.get('Metadata?key=entityDefs.DiagnosticIA')).body as { fields: R; links: R };
    expect(diag.fields.score).toEqual({ type: 'int', min: 0, max: 100, audited: true });
    expect(diag.links.lead).toEqual({ type: 'belongsTo', entity: 'Lead', foreign: 'diagnosticsIA' });
    expect((await s.api.get('Metadata?key=entityDefs.MissionMAX.fields.status.options')).body).toEqual([
      'Planned',
      'In Progress',
      'Done',
      'Cancelled',
    ]);
    expect((await s.api.get('Metadata?key=entityDefs.Lead.links.missionsMAX')).body).toMatchObject({
      type: 'hasMany',
      entity: 'MissionMAX',
      foreign: 'lead',
    });
    expect((await s.api.get('Metadata?key=scopes.DiagnosticIA')).body).toMatchObject({
      entity: true,
      isCustom: true,
      stream: false,
    });
    expect((await s.api.get('Metadata?key=entityDefs.Opportunity.fields.stage.probabilityMap')).body).toEqual(
      {
        Prospecting: 10,
        Qualification: 20,
        Proposal: 50,
        Negotiation: 80,
        'Closed Won': 100,
        'Closed Lost': 0,
      },
    );
    expect((await s.api.get('Metadata?key=entityDefs.Lead.fields.industry')).body).toMatchObject({
      type: 'enum',
      optionsReference: 'Account.industry',
    });
    expect((await s.api.get('Metadata?key=entityDefs.Account.fields.industry.options')).body).toHaveLength(
      52,
    );
    expect((await s.api.get('Metadata?key=entityDefs.Contact.collection.textFilterFields')).body).toEqual([
      'name',
      'emailAddress',
    ]);
    const full = (await s.api.get('Metadata')).body as { entityDefs: R; scopes: R };
    expect(Object.keys(full.entityDefs)).toEqual(expect.arrayContaining(ENTITIES));
    expect(Object.keys(full.scopes)).toEqual(expect.arrayContaining(ENTITIES));
  });

  it('a Field Manager field on Contact is prefixed, served by Metadata and validated; on a custom entity it is not', async () => {
    const created = await s.api.admin('POST', 'Admin/fieldManager/Contact', {
      name: 'budget',
      type: 'enum',
      label: 'Budget',
      options: ['', 'Petit', 'Grand'],
    });
    expect(created.status).toBe(200);
    expect((await s.api.get('Metadata?key=entityDefs.Contact.fields.cBudget.options')).body).toEqual([
      '',
      'Petit',
      'Grand',
    ]);
    expect((await s.api.post('Contact', { lastName: 'Budget', cBudget: 'Moyen' })).reason).toBe(
      'Field validation failure; entityType: Contact, field: cBudget, type: valid.',
    );
    expect((await s.api.create('Contact', { lastName: 'Budget', cBudget: 'Grand' })).cBudget).toBe('Grand');
    const custom = await s.api.admin('POST', 'Admin/fieldManager/MissionMAX', {
      name: 'priority',
      type: 'int',
      label: 'Priorité',
    });
    expect(custom.status).toBe(200);
    // A string value comes raw, not as JSON.
    expect(await s.api.text('Metadata?key=entityDefs.MissionMAX.fields.priority.type')).toBe('int');
    const again = await s.api.admin('POST', 'Admin/fieldManager/MissionMAX', {
      name: 'priority',
      type: 'int',
    });
    expect([again.status, again.reason]).toEqual([409, "Field 'priority' already exists in 'MissionMAX'."]);
    const i18n = (await s.api.get('I18n')).body as Record<string, { fields: R }>;
    expect(i18n.Contact!.fields.cBudget).toBe('Budget');
    expect(i18n.MissionMAX!.fields).toMatchObject({
      budget: 'Budget',
      priority: 'Priorité',
      cTenantId: 'Locataire',
    });
  });

  it('I18n serves the shipped labels of the install language, ?default=true too (the install default, not en_US)', async () => {
    const fr = (await s.api.get('I18n')).body as Record<string, { fields?: R; options?: R }>;
    expect(fr.DiagnosticIA!.fields!.summary).toBe('Synthèse');
    expect(fr.DiagnosticIA!.options!.status).toEqual({
      Draft: 'Brouillon',
      Sent: 'Envoyé',
      Accepted: 'Accepté',
    });
    const byDefault = (await s.api.get('I18n?default=true')).body as Record<string, { fields: R }>;
    expect(byDefault.DiagnosticIA!.fields.summary).toBe('Synthèse');
    // Without credentials: the login page's labels only, no entity's.
    const anonymous = (await fetch(`${s.espo.url}/api/v1/I18n`).then((r) => r.json())) as Record<string, R>;
    expect(anonymous).not.toHaveProperty('DiagnosticIA');
    expect(anonymous).not.toHaveProperty('Lead');
    expect(anonymous.Global).not.toHaveProperty('scopeNames');
    expect(Object.keys(anonymous)).toEqual(expect.arrayContaining(['Global', 'User']));
  });

  it('a fresh install has neither cTenantId nor the custom entities', async () => {
    const fresh = await startFreshEspo();
    try {
      // As 8.4.2 answers a key: a missing value is an empty body, a string comes raw (not JSON).
      const get = (key: string) =>
        fetch(`${fresh.url}/api/v1/Metadata?key=${key}`, { headers: { 'X-Api-Key': fresh.apiKey } }).then(
          (r) => r.text(),
        );
      expect(await get('entityDefs.Lead.fields.cTenantId')).toBe('');
      expect(await get('entityDefs.DiagnosticIA')).toBe('');
      expect(await get('entityDefs.Opportunity.fields.stage.default')).toBe('Prospecting');
    } finally {
      await fresh.stop();
    }
  });
});
