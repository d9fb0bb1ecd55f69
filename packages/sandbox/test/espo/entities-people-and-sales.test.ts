import { describe, expect, it } from 'vitest';
import { lifecycle, s, useInfraEspo } from './entities-setup.ts';
import { startInfraEspo } from './helpers.ts';

/** Contacts, accounts and opportunities: EspoCRM 8.4.2's required fields, enums and currencies. */
describe('EspoCRM stand-in entities (infra customisations installed)', () => {
  useInfraEspo();

  it('Contact: lifecycle; the computed name; lastName is required', async () => {
    const { created } = await lifecycle(
      'Contact',
      {
        firstName: 'Marie',
        lastName: 'Dupont',
        emailAddress: 'marie@dupont.fr',
        phoneNumber: '+33 6 12 34 56 78',
      },
      { description: 'Gérante' },
    );
    expect(created).toMatchObject({ name: 'Marie Dupont', phoneNumber: '+33612345678', doNotCall: false });
    expect(created.emailAddressData).toEqual([
      {
        emailAddress: 'marie@dupont.fr',
        lower: 'marie@dupont.fr',
        primary: true,
        optOut: false,
        invalid: false,
      },
    ]);
    const bad = await s.api.post('Contact', { firstName: 'Sans' });
    expect([bad.status, bad.reason]).toEqual([
      400,
      'Field validation failure; entityType: Contact, field: lastName, type: required.',
    ]);
    expect(bad.body).toEqual({
      messageTranslation: {
        label: 'validationFailure',
        scope: null,
        data: { field: 'lastName', type: 'required' },
      },
    });
  });

  it('Account: lifecycle; name is required; type and industry are enums', async () => {
    await lifecycle(
      'Account',
      { name: 'Boulangerie Dupont', website: 'dupont.fr', industry: 'Retail' },
      { type: 'Customer' },
    );
    expect((await s.api.post('Account', { website: 'x.fr' })).reason).toBe(
      'Field validation failure; entityType: Account, field: name, type: required.',
    );
    expect((await s.api.post('Account', { name: 'X', type: 'Friend' })).reason).toBe(
      'Field validation failure; entityType: Account, field: type, type: valid.',
    );
  });

  it('Opportunity: stage Prospecting and its probability by default; amount and closeDate required', async () => {
    const { created, updated } = await lifecycle(
      'Opportunity',
      { name: 'Site web', amount: 1500, closeDate: '2026-12-31' },
      { stage: 'Negotiation' },
    );
    expect(created).toMatchObject({
      stage: 'Prospecting',
      probability: 10,
      amountCurrency: 'USD',
      amountConverted: 1500,
    });
    // RecordHooks/Opportunity/BeforeUpdate: an update that does not write probability resets it from the stage.
    expect(updated).toMatchObject({ stage: 'Negotiation', probability: 80, lastStage: 'Negotiation' });
    const won = await s.api.create('Opportunity', {
      name: 'Gagnée',
      amount: 10,
      closeDate: '2026-01-31',
      stage: 'Closed Won',
    });
    expect(won.probability).toBe(100);
    const kept = await s.api.create('Opportunity', {
      name: 'À 35',
      amount: 10,
      closeDate: '2026-01-31',
      probability: 35,
    });
    expect(kept.probability).toBe(35);
    expect((await s.api.post('Opportunity', { name: 'Sans montant', closeDate: '2026-01-31' })).reason).toBe(
      'Field validation failure; entityType: Opportunity, field: amount, type: required.',
    );
    expect((await s.api.post('Opportunity', { name: 'Sans date', amount: 1 })).reason).toBe(
      'Field validation failure; entityType: Opportunity, field: closeDate, type: required.',
    );
    expect(
      (await s.api.post('Opportunity', { name: 'Date', amount: 1, closeDate: '31/12/2026' })).reason,
    ).toBe('Field validation failure; entityType: Opportunity, field: closeDate, type: valid.');
  });

  it('a currency the install does not list is refused (a fresh 8.4.2 lists only USD)', async () => {
    const eur = await s.api.post('Opportunity', {
      name: 'En euros',
      amount: 1500,
      amountCurrency: 'EUR',
      closeDate: '2026-12-31',
    });
    expect([eur.status, eur.reason]).toEqual([
      400,
      'Field validation failure; entityType: Opportunity, field: amount, type: validCurrency.',
    ]);
    const euro = await startInfraEspo({ settings: { currencyList: ['EUR'], defaultCurrency: 'EUR' } });
    try {
      const ok = await euro.api.create('Opportunity', {
        name: 'En euros',
        amount: 1500,
        closeDate: '2026-12-31',
      });
      expect(ok.amountCurrency).toBe('EUR');
    } finally {
      await euro.espo.stop();
    }
  });
});
