import { afterAll, describe, expect, it } from 'vitest';
import { findTool } from '../../src/agent/tools/registry.ts';
import type { ToolContext } from '../../src/agent/types.ts';
import { AppError, createEspoClient, silentLogger, systemClock } from '../../src/index.ts';
import { realEspo, realEspoOptions } from './real-espo.ts';

/**
 * Issue 14 §3/§4 against a real EspoCRM 8.4 with infra/scaleway-espocrm's metadata installed (ESPO_URL,
 * ESPO_API_KEY, ESPO_ADMIN_USERNAME, ESPO_ADMIN_PASSWORD): merge through the generic Action, its tenant
 * guard, and the sector setup of one field. Deletes what it creates. Skipped otherwise.
 */
const ready = realEspo.readyAdmin;
const stamp = `maxtest${Date.now().toString(36)}`;

const options = (tenant?: string) => realEspoOptions({ admin: true, timeoutMs: 30_000, tenant });

describe.skipIf(!ready)('real EspoCRM: maintenance and setup', () => {
  const crm = createEspoClient(options());
  const created: Array<[string, string]> = [];
  const fieldsMade: Array<[string, string]> = [];
  afterAll(async () => {
    for (const [entity, id] of created.reverse()) await crm.delete(entity, id).catch(() => {});
    const basic = realEspo.adminBasic();
    for (const [entity, field] of fieldsMade)
      await fetch(`${realEspo.url}/api/v1/Admin/fieldManager/${entity}/${field}`, {
        method: 'DELETE',
        headers: { 'Espo-Authorization': basic },
      }).catch(() => {});
  });
  const lead = async (c: typeof crm, data: Record<string, unknown>) => {
    const { record } = await c.create('Lead', data, { skipDuplicateCheck: true });
    created.push(['Lead', record.id]);
    return record.id;
  };

  it('merge: POST Action {merge} keeps the target, removes the source, keeps both e-mail addresses', async () => {
    const a = await lead(crm, { firstName: 'Max', lastName: stamp, emailAddress: `${stamp}a@example.com` });
    const b = await lead(crm, {
      firstName: 'Max',
      lastName: `${stamp}b`,
      emailAddress: `${stamp}b@example.com`,
    });
    const merged = await crm.merge('Lead', a, [b]);
    expect(merged.id).toBe(a);
    const after = await crm.get('Lead', a);
    const emails = (after.emailAddressData as Array<{ emailAddress: string }>).map((e) =>
      e.emailAddress.toLowerCase(),
    );
    expect(emails).toEqual(expect.arrayContaining([`${stamp}a@example.com`, `${stamp}b@example.com`]));
    const gone = await crm.get('Lead', b).catch((e: unknown) => e);
    expect(gone instanceof AppError && gone.code).toBe('not_found');
  });

  it('merge in shared mode (cTenantId): another tenant’s lead as a source is "not found" and stays', async () => {
    const acme = createEspoClient(options(`${stamp}acme`));
    const globex = createEspoClient(options(`${stamp}globex`));
    const mine = await lead(acme, { lastName: `${stamp}mine` });
    const theirs = await lead(globex, { lastName: `${stamp}theirs` });
    const e = await acme.merge('Lead', mine, [theirs]).catch((x: unknown) => x);
    expect(e instanceof AppError && e.code).toBe('not_found');
    expect((await globex.get('Lead', theirs)).id).toBe(theirs);
  });

  it('sector setup of one field: created once, on the layout once, rebuilt, healthy; a second run leaves it as is', async () => {
    const tool = findTool('plan_sector_setup')!;
    const ctx: ToolContext = {
      crm,
      tenant: { defaultCountry: 'FR', crmMode: 'dedicated', crmTenantField: null } as ToolContext['tenant'],
      role: 'admin',
      focus: null,
      today: new Date().toISOString().slice(0, 10),
      clock: systemClock,
      logger: silentLogger,
    };
    const plan = tool.parameters.parse({
      sector: 'test',
      fields: [
        {
          entity: 'Lead',
          name: stamp,
          type: 'enum',
          label: 'Max test',
          options: ['A', 'B'],
          layouts: ['detail'],
        },
      ],
    });
    const stored = `c${stamp.charAt(0).toUpperCase()}${stamp.slice(1)}`;
    fieldsMade.push(['Lead', stored]);
    const first = await tool.run(ctx, plan);
    expect(first).toMatchObject({
      ok: true,
      kind: 'setup',
      detail: { created: [`Lead.${stored}`], failed: [], rebuilt: true, healthy: true },
    });
    expect((await crm.fields('Lead'))[stored]).toMatchObject({ type: 'enum', options: ['', 'A', 'B'] });
    const second = await tool.run(ctx, plan);
    expect(second).toMatchObject({
      ok: true,
      detail: { created: [], existing: [`Lead.${stored}`], layouts: [], rebuilt: false },
    });
  });
});

// Declared only when not configured: a configured run reports no skipped test (CI fails on any).
if (!ready)
  describe('real EspoCRM: maintenance and setup', () => {
    it.skip('skipped: set ESPO_URL, ESPO_API_KEY, ESPO_ADMIN_USERNAME, ESPO_ADMIN_PASSWORD to run', () => {});
  });
