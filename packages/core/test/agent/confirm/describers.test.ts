import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_DESCRIBERS, describeDropped } from '../../../src/agent/confirm/describers.ts';
import { allTools } from '../../../src/agent/tools/registry.ts';
import {
  createEspoClient,
  type Lang,
  silentLogger,
  systemClock,
  type ToolContext,
} from '../../../src/index.ts';
import { standInCrm, testTenant, toolContext } from '../rules/tool-context.ts';

/**
 * Every action that waits for a yes is asked in words: the records by their names as the CRM has
 * them, never a tool name, JSON or a bare id; a record that cannot be read is answered at once.
 */
const confirmTools = allTools.filter((t) => t.confirm);
// Single-word names (forget, recall) are plain words; the snake_case ones never belong in a sentence.
const TOOL_NAMES = allTools.map((t) => t.name).filter((n) => n.includes('_'));
const LANGS: Lang[] = ['fr', 'en'];

describe('confirmation questions', () => {
  let espo: EspoStandIn;
  let ctx: ToolContext;
  const ids: Record<string, string> = {};
  const names = new Map<string, string>();
  beforeAll(async () => {
    espo = await startEspoStandIn({ port: 0, customizations: 'infra' });
    const tenant = testTenant({ crmBaseUrl: espo.url });
    ctx = toolContext(standInCrm(espo, tenant), tenant, {
      role: 'admin',
      memory: { 'profile.sector': 'immobilier', 'goal.1': '20 leads par mois' },
    });
    const make = async (key: string, entity: string, data: Record<string, unknown>) => {
      const r = await ctx.crm.create(entity, data, { skipDuplicateCheck: true });
      ids[key] = r.record.id;
      names.set(r.record.id, `${data.firstName} ${data.lastName}`);
    };
    await make('jean1', 'Lead', { firstName: 'Jean', lastName: 'Dupont', emailAddress: 'jean@dupont.fr' });
    await make('jean2', 'Lead', { firstName: 'Jean', lastName: 'Dupont', emailAddress: 'j.dupont@acme.fr' });
    await make('twinA', 'Lead', { firstName: 'Léa', lastName: 'Roux' });
    await make('twinB', 'Lead', { firstName: 'Léa', lastName: 'Roux' });
    await make('paul', 'Contact', { firstName: 'Paul', lastName: 'Martin', phoneNumber: '+33612345678' });
    await make('paul2', 'Contact', { firstName: 'Paul', lastName: 'Martins' });
    await make('solo', 'Lead', { firstName: 'Zoé', lastName: 'Unique', accountName: 'Unique SARL' });
    // A lead to follow up: in process, consented, idle for a month.
    await make('idle', 'Lead', {
      firstName: 'Inès',
      lastName: 'Calme',
      status: 'In Process',
      phoneNumber: '+33612345699',
      cWhatsappConsent: 'Granted',
    });
    const month = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
    for (const l of espo.state.records('Lead') as Array<Record<string, unknown>>)
      if (l.id === ids.idle) l.modifiedAt = month;
    // A custom field made the way an admin makes it (Field Manager), with its label.
    const admin = createEspoClient({
      baseUrl: espo.url,
      auth: { kind: 'apikey', apiKey: espo.apiKey },
      adminAuth: {
        kind: 'basic',
        username: espo.credentials.adminUser,
        password: espo.credentials.adminPassword,
      },
      fetch: (i, init) => fetch(i, init),
      clock: systemClock,
      logger: silentLogger,
      timeoutMs: 5000,
    });
    await admin.createField('Lead', { name: 'budget', type: 'currency', label: 'Budget' });
  });
  afterAll(async () => {
    await espo?.stop();
  });

  /** Sample arguments per confirm tool, as the rules engine or a model would pass them. */
  const samples = (): Record<string, unknown[]> => ({
    merge_records: [
      { targetId: ids.jean1, sourceIds: [ids.jean2] },
      { entity: 'Contact', targetId: ids.paul, sourceIds: [ids.paul2] },
      { targetId: ids.twinA, sourceIds: [ids.twinB] },
    ],
    delete_lead: [{ target: { id: ids.solo } }, { target: { name: 'Zoé Unique' } }],
    forget_all: [{}],
    plan_sector_setup: [
      {
        sector: 'fleuriste',
        fields: [
          {
            entity: 'Lead',
            name: 'occasion',
            type: 'enum',
            label: 'Occasion',
            options: ['Mariage', 'Deuil'],
          },
          { entity: 'Lead', name: 'budget', type: 'currency', label: 'Budget' },
        ],
      },
    ],
    create_custom_field: [{ entity: 'Account', name: 'siret', type: 'varchar', label: 'SIRET' }],
    add_field_to_layout: [{ entity: 'Lead', field: 'budget', layouts: ['list'] }],
    rebuild_crm: [{}],
    import_records: [
      {
        url: 'https://media.green-api.com/f/leads.csv',
        fileName: 'leads.csv',
        kind: 'csv',
        sha256: 'a'.repeat(64),
        entity: 'Lead',
      },
    ],
    plan_followups: [{ status: 'In Process', idleDays: 7, text: 'On fait le point ?' }],
  });

  it('every tool that waits for a yes has a describer, and only those have one', () => {
    expect(confirmTools.length).toBeGreaterThanOrEqual(7);
    for (const t of confirmTools) expect(CONFIRM_DESCRIBERS.has(t.name), t.name).toBe(true);
    const confirmNames = new Set(confirmTools.map((t) => t.name));
    for (const name of CONFIRM_DESCRIBERS.keys()) expect(confirmNames.has(name), name).toBe(true);
    // The samples below cover each of them (a new confirm tool brings its own).
    for (const t of confirmTools) expect(samples()[t.name]?.length, t.name).toBeGreaterThan(0);
  });

  it('no question (FR or EN) holds a tool name, JSON, or an id without the name of its record', async () => {
    for (const t of confirmTools)
      for (const raw of samples()[t.name]!)
        for (const lang of LANGS) {
          const args = t.parameters.parse(raw);
          const d = await CONFIRM_DESCRIBERS.get(t.name)!.ask(ctx, args, lang);
          expect(d.ok, `${t.name} ${lang}`).toBe(true);
          if (!d.ok) continue;
          const texts = [d.text, describeDropped(t.name, d.args ?? args, lang)];
          for (const text of texts) {
            for (const name of TOOL_NAMES) expect(text, `${t.name} ${lang}`).not.toContain(name);
            expect(text).not.toMatch(/[{}]|":|\b[a-z]+_[a-z_]+\b/);
            // Any CRM id shown comes right after the name of its record (twins told apart).
            for (const [id] of text.matchAll(/\b[0-9a-f]{17}\b/g)) {
              const name = names.get(id);
              expect(name, `${text}: unknown id ${id}`).toBeDefined();
              expect(text, text).toMatch(new RegExp(`${name}[^\\n\\[]*\\[${id}\\]`));
            }
          }
        }
  });

  it('a merge names both records with their e-mail, the kept one last; twins are told apart by id', async () => {
    const merge = CONFIRM_DESCRIBERS.get('merge_records')!;
    const fr = await merge.ask(ctx, { targetId: ids.jean1, sourceIds: [ids.jean2] }, 'fr');
    expect(fr).toMatchObject({
      ok: true,
      text: 'Fusionner le lead Jean Dupont (j.dupont@acme.fr) dans Jean Dupont (jean@dupont.fr) ? Les notes, tâches et activités suivent ; la fiche fusionnée est ensuite supprimée.',
      // The entity found is pinned: the yes merges these leads, not contacts with the same ids.
      args: { entity: 'Lead', targetId: ids.jean1, sourceIds: [ids.jean2] },
    });
    const en = await merge.ask(ctx, { entity: 'Contact', targetId: ids.paul, sourceIds: [ids.paul2] }, 'en');
    expect(en).toMatchObject({
      text: 'Merge the contact Paul Martins into Paul Martin (+33612345678)? Notes, tasks and activities follow; the merged record is then deleted.',
    });
    const twins = await merge.ask(ctx, { targetId: ids.twinA, sourceIds: [ids.twinB] }, 'fr');
    expect(twins.ok && twins.text).toBe(
      `Fusionner le lead Léa Roux [${ids.twinB}] dans Léa Roux [${ids.twinA}] ? Les notes, tâches et activités suivent ; la fiche fusionnée est ensuite supprimée.`,
    );
  });

  it('a record that cannot be read is "not found", never a question; a merge into itself is refused', async () => {
    const merge = CONFIRM_DESCRIBERS.get('merge_records')!;
    const ghost = '0123456789abcdef0';
    expect(await merge.ask(ctx, { targetId: ghost, sourceIds: [ids.jean2] }, 'fr')).toEqual({
      ok: false,
      outcome: { ok: false, kind: 'not_found', what: ghost, entity: 'Lead' },
    });
    expect(await merge.ask(ctx, { targetId: ids.jean1, sourceIds: [ghost] }, 'en')).toEqual({
      ok: false,
      outcome: { ok: false, kind: 'not_found', what: ghost, entity: 'Lead' },
    });
    expect(await merge.ask(ctx, { targetId: ids.jean1, sourceIds: [ids.jean1] }, 'fr')).toMatchObject({
      ok: false,
      outcome: { kind: 'invalid', reason: 'target_in_sources' },
    });
    const del = CONFIRM_DESCRIBERS.get('delete_lead')!;
    expect(await del.ask(ctx, { target: { name: 'Personne Inconnue' } }, 'fr')).toMatchObject({
      ok: false,
      outcome: { kind: 'not_found', what: 'Personne Inconnue' },
    });
    // Two leads answer to the name: the candidates are the answer, nothing waits for a yes.
    expect(await del.ask(ctx, { target: { name: 'Jean Dupont' } }, 'en')).toMatchObject({
      ok: false,
      outcome: { kind: 'ambiguous', candidates: [expect.anything(), expect.anything()] },
    });
  });

  it('a deletion is pinned to the lead shown; a layout change to the field found, named by its label', async () => {
    const del = await CONFIRM_DESCRIBERS.get('delete_lead')!.ask(
      ctx,
      { target: { name: 'Zoé Unique' } },
      'fr',
    );
    expect(del).toEqual({
      ok: true,
      text: 'Supprimer le lead Zoé Unique (Unique SARL) ? Il disparaîtra du CRM.',
      args: { target: { id: ids.solo, name: 'Zoé Unique' } },
    });
    expect(describeDropped('delete_lead', del.ok && del.args, 'en')).toBe(
      'the deletion of the lead "Zoé Unique"',
    );
    const layout = await CONFIRM_DESCRIBERS.get('add_field_to_layout')!.ask(
      ctx,
      { entity: 'Lead', field: 'budget', layouts: ['detail', 'list'] },
      'fr',
    );
    expect(layout).toMatchObject({
      text: 'Afficher le champ « Budget » sur la vue fiche et liste des leads ?',
      args: { field: 'cBudget' },
    });
    expect(
      await CONFIRM_DESCRIBERS.get('add_field_to_layout')!.ask(ctx, { entity: 'Lead', field: 'nope' }, 'en'),
    ).toMatchObject({ ok: false, outcome: { kind: 'invalid', reason: 'unknown_field' } });
  });

  it('forgetting everything names what is kept, and with nothing kept says so instead of asking', async () => {
    const forget = CONFIRM_DESCRIBERS.get('forget_all')!;
    expect(await forget.ask(ctx, {}, 'en')).toMatchObject({
      text: 'Forget everything I know about your business (2 items: Sector, Goal 1)? The CRM is not touched.',
    });
    expect(await forget.ask({ ...ctx, memory: {} }, {}, 'fr')).toMatchObject({
      ok: false,
      outcome: { kind: 'memory', detail: { action: 'forget_none' } },
    });
  });

  it('shared mode: a record of another tenant is "not found" through the tenant’s client, its name never read', async () => {
    const other = await startEspoStandIn({ port: 0 });
    try {
      other.addField('Lead', 'cTenantId', { type: 'varchar', maxLength: 64, isCustom: true });
      const scoped = (value: string) =>
        createEspoClient({
          baseUrl: other.url,
          auth: { kind: 'apikey', apiKey: other.apiKey },
          fetch: (i, init) => fetch(i, init),
          clock: systemClock,
          logger: silentLogger,
          timeoutMs: 5000,
          tenant: { field: 'cTenantId', value },
        });
      const theirs = (await scoped('b').create('Lead', { firstName: 'Secret', lastName: 'Autre' })).record.id;
      const mine = (await scoped('a').create('Lead', { firstName: 'Anna', lastName: 'Moi' })).record.id;
      const tenant = testTenant({ crmMode: 'shared', crmTenantField: 'cTenantId' });
      const mineCtx = toolContext(scoped('a'), tenant, { role: 'admin' });
      for (const args of [
        { targetId: mine, sourceIds: [theirs] },
        { targetId: theirs, sourceIds: [mine] },
      ]) {
        const d = await CONFIRM_DESCRIBERS.get('merge_records')!.ask(mineCtx, args, 'fr');
        expect(d).toMatchObject({ ok: false, outcome: { kind: 'not_found', what: theirs } });
        expect(JSON.stringify(d)).not.toContain('Secret');
      }
      const del = await CONFIRM_DESCRIBERS.get('delete_lead')!.ask(mineCtx, { target: { id: theirs } }, 'en');
      expect(del).toMatchObject({ ok: false, outcome: { kind: 'not_found' } });
    } finally {
      await other.stop();
    }
  });
});
