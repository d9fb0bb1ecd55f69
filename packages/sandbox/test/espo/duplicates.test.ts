import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfraEspo } from './helpers.ts';

type Started = Awaited<ReturnType<typeof startInfraEspo>>;
type R = Record<string, unknown>;

/**
 * Duplicate checks on create (Core/Duplicate/Finder.php, DuplicateWhereBuilders/General.php, scopes'
 * duplicateCheckFieldList): Lead, Contact and Account only, by name or e-mail, never by tenant.
 */
describe('EspoCRM stand-in duplicate checks', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startInfraEspo();
  });
  afterAll(() => s.espo.stop());

  it('Contact: same first + last name, or same e-mail (any case) → 409 duplicate with the records', async () => {
    const marie = await s.api.create('Contact', {
      firstName: 'Marie',
      lastName: 'Curie',
      emailAddress: 'marie@curie.fr',
    });
    const byName = await s.api.post<R[]>('Contact', { firstName: 'marie', lastName: 'CURIE' });
    expect([byName.status, byName.reason]).toEqual([409, 'duplicate']);
    expect(byName.body.map((r) => r.id)).toEqual([marie.id]);
    expect(byName.body[0]).toMatchObject({
      name: 'Marie Curie',
      emailAddress: 'marie@curie.fr',
      accountId: null,
    });
    const byEmail = await s.api.post<R[]>('Contact', { lastName: 'Autre', emailAddress: 'MARIE@curie.fr' });
    expect(byEmail.status).toBe(409);
    // Same last name alone is not a duplicate; the phone is not checked.
    expect((await s.api.post('Contact', { firstName: 'Pierre', lastName: 'Curie' })).status).toBe(200);
    const skipped = await s.api.post(
      'Contact',
      { firstName: 'Marie', lastName: 'Curie' },
      { 'X-Skip-Duplicate-Check': 'true' },
    );
    expect(skipped.status).toBe(200);
    // The legacy body flag is honoured when the header is absent (CreateParamsFetcher).
    expect(
      (await s.api.post('Contact', { firstName: 'Marie', lastName: 'Curie', skipDuplicateCheck: true }))
        .status,
    ).toBe(200);
    // Updates are not checked.
    expect((await s.api.put(`Contact/${skipped.body.id}`, { emailAddress: 'marie@curie.fr' })).status).toBe(
      200,
    );
  });

  it('Account: same name or same e-mail', async () => {
    const acc = await s.api.create('Account', { name: 'Atelier Roux', emailAddress: 'contact@roux.fr' });
    const byName = await s.api.post<R[]>('Account', { name: 'atelier roux' });
    expect([byName.status, byName.body.map((r) => r.id)]).toEqual([409, [acc.id]]);
    expect((await s.api.post('Account', { name: 'Autre', emailAddress: 'contact@roux.fr' })).status).toBe(
      409,
    );
  });

  it('Opportunity, Call, Task, DiagnosticIA and MissionMAX are never checked', async () => {
    const opp = { name: 'Même affaire', amount: 1, closeDate: '2026-01-01' };
    await s.api.create('Opportunity', opp);
    expect((await s.api.post('Opportunity', opp)).status).toBe(200);
    const task = { name: 'Même tâche', assignedUserId: s.userId };
    await s.api.create('Task', task);
    expect((await s.api.post('Task', task)).status).toBe(200);
    await s.api.create('DiagnosticIA', { name: 'Même diagnostic' });
    expect((await s.api.post('DiagnosticIA', { name: 'Même diagnostic' })).status).toBe(200);
  });

  it('shared mode: the 409 body holds another tenant record with its cTenantId (the client must filter)', async () => {
    const globex = await s.api.create('Contact', {
      firstName: 'Paul',
      lastName: 'Secret',
      emailAddress: 'paul@globex.com',
      cTenantId: 'globex',
    });
    const acme = await s.api.post<R[]>('Contact', {
      firstName: 'Paul',
      lastName: 'Secret',
      emailAddress: 'paul@acme.fr',
      cTenantId: 'acme',
    });
    expect([acme.status, acme.reason]).toEqual([409, 'duplicate']);
    expect(acme.body).toEqual([
      expect.objectContaining({ id: globex.id, cTenantId: 'globex', emailAddress: 'paul@globex.com' }),
    ]);
    const lead = await s.api.create('Lead', {
      lastName: 'Tenant',
      emailAddress: 'x@globex.com',
      cTenantId: 'globex',
    });
    const dupLead = await s.api.post<R[]>('Lead', {
      lastName: 'Autre',
      emailAddress: 'x@globex.com',
      cTenantId: 'acme',
    });
    expect(dupLead.body.map((r) => [r.id, r.cTenantId])).toEqual([[lead.id, 'globex']]);
  });
});
