import { describe, expect, it } from 'vitest';
import { lifecycle, s, useInfraEspo } from './entities-setup.ts';
import { startFreshEspo } from './helpers.ts';

/** MAX's custom entities (DiagnosticIA, MissionMAX), and their absence on a fresh install. */
describe('EspoCRM stand-in entities (infra customisations installed)', () => {
  useInfraEspo();

  it('DiagnosticIA: fields and enums of the shipped entityDefs; score 0..100; links to Lead and Account', async () => {
    const lead = await s.api.create('Lead', { lastName: 'Diag' });
    const { created } = await lifecycle(
      'DiagnosticIA',
      { name: 'Diagnostic Dupont', score: '72', leadId: lead.id },
      { status: 'Sent' },
    );
    expect(created).toMatchObject({ status: 'Draft', score: 72, leadId: lead.id, leadName: 'Diag' });
    // A create answer leaves out what is still null (link names excepted); the record has it.
    expect(created).not.toHaveProperty('accountId');
    expect(created).toHaveProperty('accountName', null);
    expect((await s.api.post('DiagnosticIA', { name: 'x', score: 150 })).reason).toBe(
      'Field validation failure; entityType: DiagnosticIA, field: score, type: max.',
    );
    expect((await s.api.post('DiagnosticIA', { name: 'x', score: 'high' })).reason).toBe(
      'Field validation failure; entityType: DiagnosticIA, field: score, type: valid.',
    );
    expect((await s.api.post('DiagnosticIA', { name: 'x', status: 'Done' })).reason).toBe(
      'Field validation failure; entityType: DiagnosticIA, field: status, type: valid.',
    );
    expect((await s.api.post('DiagnosticIA', { score: 10 })).reason).toBe(
      'Field validation failure; entityType: DiagnosticIA, field: name, type: required.',
    );
  });

  it('MissionMAX: status Planned, budget currency ≥ 0, dates; no duplicate check for custom entities', async () => {
    const acc = await s.api.create('Account', { name: 'Client Mission' });
    const body = { name: 'Mission MAX Dupont', budget: 1500, startDate: '2026-06-01', accountId: acc.id };
    const { created } = await lifecycle('MissionMAX', body, { status: 'In Progress', endDate: '2026-06-30' });
    expect(created).toMatchObject({
      status: 'Planned',
      budget: 1500,
      budgetCurrency: 'USD',
      accountName: 'Client Mission',
    });
    expect((await s.api.post('MissionMAX', { name: 'x', budget: -1 })).reason).toBe(
      'Field validation failure; entityType: MissionMAX, field: budget, type: min.',
    );
    await s.api.create('MissionMAX', body);
    expect((await s.api.post('MissionMAX', body)).status).toBe(200);
  });

  it('the custom entities answer 404 on an install without the shipped customisations', async () => {
    const fresh = await startFreshEspo();
    try {
      const res = await fetch(`${fresh.url}/api/v1/DiagnosticIA`, { headers: { 'X-Api-Key': fresh.apiKey } });
      expect([res.status, res.headers.get('x-status-reason')]).toEqual([
        404,
        "Controller 'DiagnosticIA' does not exist.",
      ]);
    } finally {
      await fresh.stop();
    }
  });
});
