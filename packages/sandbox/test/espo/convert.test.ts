import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfraEspo } from './helpers.ts';

type Started = Awaited<ReturnType<typeof startInfraEspo>>;
type R = Record<string, unknown>;
type List = { total: number; list: R[] };

/** `POST Lead/action/convert` and `getConvertAttributes` as Crm/Tools/Lead/ConvertService.php does them. */
describe('EspoCRM stand-in lead conversion', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startInfraEspo();
  });
  afterAll(() => s.espo.stop());

  it('creates Account, Contact and Opportunity from records, links them, marks the lead Converted', async () => {
    const lead = await s.api.create('Lead', {
      firstName: 'Jean',
      lastName: 'Dupont',
      accountName: 'Boulangerie Dupont',
      emailAddress: 'jean@dupont.fr',
      cTenantId: 'acme',
    });
    const res = await s.api.post('Lead/action/convert', {
      id: lead.id,
      records: {
        Account: { name: 'Boulangerie Dupont', cTenantId: 'acme' },
        Contact: { firstName: 'Jean', lastName: 'Dupont', emailAddress: 'jean@dupont.fr', cTenantId: 'acme' },
        Opportunity: { name: 'Boulangerie Dupont', amount: 1500, closeDate: '2026-12-31', cTenantId: 'acme' },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: lead.id, status: 'Converted', createdAccountName: null });
    const { createdAccountId, createdContactId, createdOpportunityId } = res.body as Record<string, string>;
    expect(
      [createdAccountId, createdContactId, createdOpportunityId].every((x) =>
        /^[0-9a-f]{17}$/.test(String(x)),
      ),
    ).toBe(true);
    expect(res.body.convertedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const after = (await s.api.get(`Lead/${lead.id}`)).body;
    expect(after).toMatchObject({
      status: 'Converted',
      createdAccountName: 'Boulangerie Dupont',
      createdContactName: 'Jean Dupont',
      createdOpportunityName: 'Boulangerie Dupont',
    });
    expect((await s.api.get(`Contact/${createdContactId}`)).body).toMatchObject({
      accountId: createdAccountId,
      cTenantId: 'acme',
      originalLeadId: lead.id,
    });
    expect((await s.api.get(`Opportunity/${createdOpportunityId}`)).body).toMatchObject({
      accountId: createdAccountId,
      contactId: createdContactId,
      contactsIds: [createdContactId],
      stage: 'Prospecting',
    });
    expect(
      (await s.api.get<List>(`Account/${createdAccountId}/contacts`)).body.list.map((r) => r.id),
    ).toEqual([createdContactId]);
  });

  it('getConvertAttributes maps the lead onto the three entities (convertFields included)', async () => {
    const lead = await s.api.create('Lead', {
      firstName: 'Anne',
      lastName: 'Roux',
      accountName: 'Roux & Fils',
      emailAddress: 'anne@roux.fr',
      opportunityAmount: 900,
      source: 'Web Site',
      addressCity: 'Lyon',
      cTenantId: 'acme',
    });
    const res = await s.api.post<Record<string, R>>('Lead/action/getConvertAttributes', { id: lead.id });
    expect(res.status).toBe(200);
    expect(res.body.Account).toMatchObject({
      name: 'Roux & Fils',
      emailAddress: 'anne@roux.fr',
      billingAddressCity: 'Lyon',
      cTenantId: 'acme',
    });
    expect(res.body.Contact).toMatchObject({
      firstName: 'Anne',
      lastName: 'Roux',
      addressCity: 'Lyon',
      cTenantId: 'acme',
    });
    expect(res.body.Opportunity).toMatchObject({
      amount: 900,
      amountCurrency: 'USD',
      leadSource: 'Web Site',
      cTenantId: 'acme',
    });
    expect(res.body.Contact).not.toHaveProperty('createdAt');
  });

  it('a duplicate stops the conversion: 409 with {id, name, _entityType}; skipDuplicateCheck goes on', async () => {
    const existing = await s.api.create('Account', { name: 'Doublon SARL' });
    const lead = await s.api.create('Lead', { lastName: 'Doublon', accountName: 'Doublon SARL' });
    const records = { Account: { name: 'Doublon SARL' }, Contact: { lastName: 'Doublon' } };
    const before = (await s.api.get<List>('Contact?maxSize=200')).body.total;
    const dup = await s.api.post('Lead/action/convert', { id: lead.id, records });
    expect([dup.status, dup.reason]).toEqual([409, 'duplicate']);
    expect(dup.body).toEqual([{ id: existing.id, name: 'Doublon SARL', _entityType: 'Account' }]);
    // Nothing was created, the lead is unchanged; the header is not what skips it here.
    expect((await s.api.get<List>('Contact?maxSize=200')).body.total).toBe(before);
    expect((await s.api.get(`Lead/${lead.id}`)).body.status).toBe('New');
    const viaHeader = await s.api.post(
      'Lead/action/convert',
      { id: lead.id, records },
      { 'X-Skip-Duplicate-Check': 'true' },
    );
    expect(viaHeader.status).toBe(409);
    const ok = await s.api.post('Lead/action/convert', { id: lead.id, records, skipDuplicateCheck: true });
    expect(ok.body).toMatchObject({ status: 'Converted' });
    expect(ok.body.createdAccountId).not.toBe(existing.id);
  });

  it('converting an already converted lead is not refused: it converts again', async () => {
    const lead = await s.api.create('Lead', { lastName: 'Deux fois' });
    const first = await s.api.post('Lead/action/convert', {
      id: lead.id,
      records: { Contact: { lastName: 'Première' } },
    });
    const second = await s.api.post('Lead/action/convert', {
      id: lead.id,
      records: { Contact: { lastName: 'Seconde' } },
    });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.createdContactId).not.toBe(first.body.createdContactId);
  });

  it('errors: no id 400, records not an object 400, unknown lead 404, invalid record 500 (earlier ones stay)', async () => {
    const noId = await s.api.post('Lead/action/convert', { records: {} });
    expect([noId.status, noId.reason]).toEqual([400, '']);
    const lead = await s.api.create('Lead', { lastName: 'Erreur' });
    const badRecords = await s.api.post('Lead/action/convert', { id: lead.id, records: ['Account'] });
    expect([badRecords.status, badRecords.reason]).toEqual([400, '']);
    const unknown = await s.api.post('Lead/action/convert', { id: 'nope', records: {} });
    expect([unknown.status, unknown.reason]).toEqual([404, '']);
    const invalid = await s.api.post('Lead/action/convert', {
      id: lead.id,
      records: { Account: { name: 'Reste créée' }, Opportunity: { name: 'Sans montant' } },
    });
    expect([invalid.status, invalid.reason, invalid.body]).toEqual([500, null, null]);
    const accounts = (await s.api.get<List>('Account?maxSize=200')).body.list.map((r) => r.name);
    expect(accounts).toContain('Reste créée');
    expect((await s.api.get(`Lead/${lead.id}`)).body.status).toBe('New');
    const other = await s.api.post('Lead/action/transfer', { id: lead.id });
    expect([other.status, other.reason]).toEqual([
      404,
      "Action POST 'transfer' does not exist in controller 'Lead'.",
    ]);
  });

  it('the lead calls and meetings move to the new opportunity, with the contact as attendee', async () => {
    const lead = await s.api.create('Lead', { lastName: 'Agenda' });
    const call = await s.api.create('Call', {
      name: 'Premier appel',
      assignedUserId: s.userId,
      dateStart: '2026-05-02 10:00:00',
      dateEnd: '2026-05-02 10:05:00',
      leadsIds: [lead.id],
    });
    const res = await s.api.post('Lead/action/convert', {
      id: lead.id,
      records: {
        Contact: { lastName: 'Agenda' },
        Opportunity: { name: 'Agenda', amount: 1, closeDate: '2026-06-30' },
      },
    });
    const moved = (await s.api.get(`Call/${call.id}`)).body;
    expect(moved).toMatchObject({ parentType: 'Opportunity', parentId: res.body.createdOpportunityId });
    expect(moved.contactsIds).toEqual([res.body.createdContactId]);
  });
});
