import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, startEspoStandIn } from './helpers.ts';

/** Issue 14 §2: field and option labels of the install's language (GET I18n), for fields by their label. */
describe('EspoCRM client: labels()', () => {
  let espo: Awaited<ReturnType<typeof startEspoStandIn>>;
  beforeAll(async () => {
    espo = await startEspoStandIn({ port: 0, customizations: 'infra', language: 'fr_FR' });
  });
  afterAll(() => espo.stop());

  it('keeps only field and option labels per entity, in the install language', async () => {
    const { crm, calls } = client(espo);
    const labels = await crm.labels();
    expect(labels.MissionMAX?.fields?.startDate).toBe('Date de début');
    expect(labels.MissionMAX?.options?.status).toEqual({
      Planned: 'Planifiée',
      'In Progress': 'En cours',
      Done: 'Terminée',
      Cancelled: 'Annulée',
    });
    expect(labels.DiagnosticIA?.fields?.summary).toBe('Synthèse');
    // Tooltips, links and other label groups are not kept.
    expect(JSON.stringify(labels)).not.toMatch(/tooltip|Locataire MAX propriétaire/);
    expect(calls.filter((c) => c.url.includes('/I18n'))).toHaveLength(1);
  });

  it('cached like the field metadata, and a field the client creates is labelled at once', async () => {
    const { crm, calls } = client(espo);
    await crm.labels();
    await crm.labels();
    expect(calls.filter((c) => c.url.includes('/I18n'))).toHaveLength(1);
    await crm.createField('Lead', {
      name: 'typeDeBien',
      type: 'enum',
      label: 'Type de bien',
      options: ['', 'Maison'],
    });
    expect((await crm.labels()).Lead?.fields?.cTypeDeBien).toBe('Type de bien');
    expect(calls.filter((c) => c.url.includes('/I18n'))).toHaveLength(2);
  });
});
