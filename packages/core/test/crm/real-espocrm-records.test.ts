import { describe, expect, it } from 'vitest';
import { realEspo, realEspoSuite } from './real-espo.ts';

/**
 * Issue 14's contacts, accounts, opportunities, links and lead conversion against a real EspoCRM 8.4
 * (ESPO_URL, ESPO_API_KEY; the API user's role needs Contact, Account, Opportunity and Lead access).
 * Deletes what it creates. Skipped otherwise.
 */
const ready = realEspo.ready;
const stamp = `maxrec${Date.now().toString(36)}`;

describe.skipIf(!ready)('real EspoCRM: contacts, accounts, opportunities, links, conversion', () => {
  const { crm, created } = realEspoSuite();
  const keep = <T extends { id: string }>(entity: string, r: T) => {
    created.push([entity, r.id]);
    return r;
  };

  it('real: Account create (duplicate by name → 409 mapped), update, list by text', async () => {
    const a = keep(
      'Account',
      (await crm.create('Account', { name: `${stamp} SA`, website: 'example.com' })).record,
    );
    const dup = await crm.create('Account', { name: `${stamp} SA` });
    expect(dup.duplicate).toBe(true);
    expect(dup.record.id).toBe(a.id);
    expect((await crm.update('Account', a.id, { type: 'Customer' })).type).toBe('Customer');
    const found = await crm.list('Account', { textFilter: stamp, select: ['id', 'name'] });
    expect(found.list.map((r) => r.id)).toContain(a.id);
  });

  it('real: Contact with an account; linking from the account side fills the primary account, unlinking clears it', async () => {
    const account = keep('Account', (await crm.create('Account', { name: `${stamp} Link` })).record);
    const contact = keep(
      'Contact',
      (
        await crm.create('Contact', {
          firstName: 'Max',
          lastName: stamp,
          emailAddress: `${stamp}@example.com`,
        })
      ).record,
    );
    await crm.link('Account', account.id, 'contacts', contact.id, 'Contact');
    expect((await crm.get('Contact', contact.id)).accountId).toBe(account.id);
    const linked = await crm.list('Contact', {
      where: [{ type: 'linkedWith', attribute: 'accounts', value: [account.id] }],
      select: ['id'],
    });
    expect(linked.list.map((r) => r.id)).toEqual([contact.id]);
    await crm.unlink('Account', account.id, 'contacts', contact.id, 'Contact');
    expect((await crm.get('Contact', contact.id)).accountId ?? null).toBeNull();
  });

  it('real: Opportunity in an accepted currency, stage from the live options, accountId and contacts links', async () => {
    const { list, default: currency } = await crm.currencies();
    expect(list).toContain(currency);
    const stages = (await crm.fields('Opportunity')).stage?.options ?? [];
    expect(stages).toContain('Negotiation');
    const account = keep('Account', (await crm.create('Account', { name: `${stamp} Deal` })).record);
    const contact = keep('Contact', (await crm.create('Contact', { lastName: `${stamp}deal` })).record);
    const opp = keep(
      'Opportunity',
      (
        await crm.create('Opportunity', {
          name: `${stamp} deal`,
          amount: 5000,
          amountCurrency: currency,
          closeDate: '2030-01-15',
          accountId: account.id,
        })
      ).record,
    );
    expect(opp).toMatchObject({ amount: 5000, amountCurrency: currency, stage: 'Prospecting' });
    expect((await crm.update('Opportunity', opp.id, { stage: 'Negotiation' })).stage).toBe('Negotiation');
    await crm.link('Opportunity', opp.id, 'contacts', contact.id, 'Contact');
    const contacts = await crm.list('Opportunity', {
      where: [
        { type: 'equals', attribute: 'id', value: opp.id },
        { type: 'linkedWith', attribute: 'contacts', value: [contact.id] },
      ],
      select: ['id'],
    });
    expect(contacts.list).toHaveLength(1);
    const refused = 'ZZZ';
    expect(list).not.toContain(refused);
    const err = await crm
      .create('Opportunity', {
        name: `${stamp} bad`,
        amount: 1,
        amountCurrency: refused,
        closeDate: '2030-01-15',
      })
      .catch((e: unknown) => e as { code?: string; details?: Record<string, unknown> });
    expect(err).toMatchObject({ code: 'validation', details: { type: 'validCurrency' } });
  });

  it('real: Lead conversion through POST Lead/action/convert (values from getConvertAttributes), lead Converted with the created ids', async () => {
    const lead = keep(
      'Lead',
      (
        await crm.create('Lead', {
          firstName: 'Conv',
          lastName: stamp,
          accountName: `${stamp} Conv`,
          emailAddress: `conv.${stamp}@example.com`,
        })
      ).record,
    );
    const attrs = await crm.convertAttributes(lead.id);
    expect(attrs.Account?.name).toBe(`${stamp} Conv`);
    const converted = await crm.convertLead(
      lead.id,
      {
        Account: { ...attrs.Account, name: `${stamp} Conv` },
        Contact: { ...attrs.Contact, lastName: stamp },
        Opportunity: { name: `${stamp} Conv deal`, amount: 100, closeDate: '2030-02-01' },
      },
      { skipDuplicateCheck: true },
    );
    for (const [entity, key] of [
      ['Opportunity', 'createdOpportunityId'],
      ['Contact', 'createdContactId'],
      ['Account', 'createdAccountId'],
    ] as const)
      created.push([entity, String(converted[key])]);
    expect(converted.status).toBe('Converted');
    const contact = await crm.get('Contact', String(converted.createdContactId));
    expect(contact.accountId).toBe(converted.createdAccountId);
    expect((await crm.get('Lead', lead.id)).status).toBe('Converted');
  });
});

// Declared only when not configured: a configured run reports no skipped test (CI fails on any).
if (!ready)
  describe('real EspoCRM: contacts, accounts, opportunities, links, conversion', () => {
    it.skip('skipped: set ESPO_URL and ESPO_API_KEY to run', () => {});
  });
