import { describe, expect, it } from 'vitest';
import { realEspo, realEspoSuite } from '../../crm/real-espo.ts';
import { runCall, testTenant, toolContext } from '../rules/tool-context.ts';

/**
 * Issue 14 §2 custom entities and fields by label against a real EspoCRM 8.4 with
 * infra/scaleway-espocrm's metadata installed and the API role granted DiagnosticIA and MissionMAX
 * (ESPO_URL, ESPO_API_KEY, ESPO_ADMIN_USERNAME, ESPO_ADMIN_PASSWORD). Deletes what it creates.
 * Visibly skipped otherwise.
 */
const ready = realEspo.readyAdmin;
const stamp = `maxcus${Date.now().toString(36)}`;

describe.skipIf(!ready)('real EspoCRM: custom entities and fields', () => {
  const { crm, created } = realEspoSuite();
  const ctx = toolContext(crm, testTenant({ timezone: 'Europe/Paris' }));
  const run = async (name: string, args: unknown) => (await runCall(ctx, { name, args }, 'fr')).outcome;
  const firstId = (o: unknown) => (o as { records: Array<{ id: string }> }).records[0]!.id;

  it('MissionMAX: create for an account (default currency), find it by its account, change its status by label, link it to a lead', async () => {
    const account = await crm.create('Account', { name: `Mission ${stamp}` }, { skipDuplicateCheck: true });
    created.push(['Account', account.record.id]);
    const lead = await crm.create('Lead', { lastName: stamp });
    created.push(['Lead', lead.record.id]);
    const o = await run('create_custom_record', {
      entity: 'MissionMAX',
      for: { id: account.record.id },
      owner: 'Account',
      fields: { budget: '1500' },
    });
    expect(o).toMatchObject({ ok: true, kind: 'custom_created' });
    const id = firstId(o);
    created.push(['MissionMAX', id]);
    const { default: currency } = await crm.currencies();
    expect(await crm.get('MissionMAX', id)).toMatchObject({
      accountId: account.record.id,
      budget: 1500,
      budgetCurrency: currency,
    });
    const found = await run('find_custom_records', { entity: 'MissionMAX', for: { id: account.record.id } });
    expect((found as { records: Array<{ id: string }> }).records.map((r) => r.id)).toEqual([id]);
    await run('update_record', { entity: 'MissionMAX', target: { id }, changes: { statut: 'In Progress' } });
    expect((await crm.get('MissionMAX', id)).status).toBe('In Progress');
    await run('link_custom_record', {
      entity: 'MissionMAX',
      target: { id },
      to: { id: lead.record.id },
      owner: 'Lead',
    });
    expect((await crm.get('MissionMAX', id)).leadId).toBe(lead.record.id);
  });

  it('DiagnosticIA: create for a lead with a score, update the score by its label; out of 0–100 is refused before writing', async () => {
    const lead = await crm.create('Lead', { lastName: `${stamp}d` });
    created.push(['Lead', lead.record.id]);
    const o = await run('create_custom_record', {
      entity: 'DiagnosticIA',
      for: { id: lead.record.id },
      owner: 'Lead',
      fields: { score: 72 },
    });
    const id = firstId(o);
    created.push(['DiagnosticIA', id]);
    expect(await crm.get('DiagnosticIA', id)).toMatchObject({
      leadId: lead.record.id,
      score: 72,
      status: 'Draft',
    });
    await run('update_record', { entity: 'DiagnosticIA', target: { id }, changes: { score: '80' } });
    expect((await crm.get('DiagnosticIA', id)).score).toBe(80);
    expect(
      await run('update_record', { entity: 'DiagnosticIA', target: { id }, changes: { score: '150' } }),
    ).toMatchObject({ ok: false, reason: 'out_of_range' });
    expect((await crm.get('DiagnosticIA', id)).score).toBe(80);
  });

  it('a currency the install does not list is refused with the accepted ones', async () => {
    const { list } = await crm.currencies();
    const absent = ['XAF', 'GBP', 'CHF', 'JPY'].find((c) => !list.includes(c))!;
    const o = await run('create_custom_record', {
      entity: 'MissionMAX',
      name: stamp,
      fields: { budget: `100 ${absent}` },
    });
    expect(o).toMatchObject({ ok: false, reason: 'currency_not_enabled', value: absent, allowed: list });
  });
});

// Declared only when not configured: a configured run reports no skipped test (CI fails on any).
if (!ready)
  describe('real EspoCRM: custom entities and fields', () => {
    it.skip('skipped: set ESPO_URL, ESPO_API_KEY, ESPO_ADMIN_USERNAME, ESPO_ADMIN_PASSWORD to run', () => {});
  });
