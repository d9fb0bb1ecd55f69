import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfraEspo, whereQuery } from './helpers.ts';

type Started = Awaited<ReturnType<typeof startInfraEspo>>;
type R = Record<string, unknown>;
type List = { total: number; list: R[] };

/** Relationship endpoints and the foreign keys EspoCRM 8.4.2 keeps in step (Crm/Hooks, Record::link). */
describe('EspoCRM stand-in relationships', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startInfraEspo();
  });
  afterAll(() => s.espo.stop());

  it('linking a contact to an account fills its empty accountId/accountName; unlinking clears them', async () => {
    const acc = await s.api.create('Account', { name: 'Boulangerie Dupont' });
    const marie = await s.api.create('Contact', { firstName: 'Marie', lastName: 'Dupont' });
    expect((await s.api.post(`Account/${acc.id}/contacts`, { id: marie.id })).body).toBe(true);
    expect((await s.api.get(`Contact/${marie.id}`)).body).toMatchObject({
      accountId: acc.id,
      accountName: 'Boulangerie Dupont',
      accountsIds: [acc.id],
    });
    const listed = await s.api.get<List>(`Account/${acc.id}/contacts`);
    expect(listed.body.total).toBe(1);
    // Account.contacts has a mandatoryAttributeList: without `select` the rows are short (as 8.4.2 answers).
    expect(listed.body.list[0]).toMatchObject({ id: marie.id, accountIsInactive: false });
    expect(Object.keys(listed.body.list[0]!).sort()).toEqual([
      'accountIsInactive',
      'assignedUserId',
      'createdAt',
      'createdById',
      'id',
    ]);
    expect((await s.api.del(`Account/${acc.id}/contacts`, { id: marie.id })).body).toBe(true);
    expect((await s.api.get(`Contact/${marie.id}`)).body).toMatchObject({ accountId: null, accountsIds: [] });
  });

  it('a contact created with accountId and title is in the account contacts with that role', async () => {
    const acc = await s.api.create('Account', { name: 'Garage Martin' });
    const c = await s.api.create('Contact', {
      firstName: 'Paul',
      lastName: 'Martin',
      accountId: acc.id,
      title: 'Gérant',
    });
    expect(c).toMatchObject({ accountName: 'Garage Martin', title: 'Gérant' });
    // The role is the contact's accountRole (Contact.accounts' column map), when selected.
    const rows = await s.api.get<List>(`Account/${acc.id}/contacts?select=name,accountRole`);
    expect(rows.body.list.map((r) => [r.id, r.accountRole])).toEqual([[c.id, 'Gérant']]);
    const back = await s.api.get<List>(`Contact/${c.id}/accounts`);
    expect(back.body.list.map((r) => [r.id, r.contactRole, r.contactIsInactive])).toEqual([
      [acc.id, 'Gérant', false],
    ]);
    // Moving the contact keeps the old account row (only clearing accountId removes it).
    const other = await s.api.create('Account', { name: 'Garage Martin Fils' });
    const moved = await s.api.put(`Contact/${c.id}`, { accountId: other.id });
    expect(moved.body).toMatchObject({
      accountId: other.id,
      accountName: 'Garage Martin Fils',
      title: 'Gérant',
    });
    // The answer's accountsIds are those loaded before the save (as 8.4.2 answers); a GET shows both.
    expect(moved.body.accountsIds).toEqual([acc.id]);
    const after = await s.api.get(`Contact/${c.id}`);
    expect(((after.body.accountsIds as string[]) ?? []).sort()).toEqual([acc.id, other.id].sort());
    const cleared = await s.api.put(`Contact/${c.id}`, { accountId: null });
    expect(((cleared.body.accountsIds as string[]) ?? []).sort()).toEqual([acc.id, other.id].sort());
    expect((await s.api.get(`Contact/${c.id}`)).body.accountsIds).toEqual([acc.id]);
  });

  it('a belongsTo link cannot be written through the link endpoint: update accountId instead', async () => {
    const acc = await s.api.create('Account', { name: 'Lien direct' });
    const c = await s.api.create('Contact', { lastName: 'Direct' });
    const res = await s.api.post(`Contact/${c.id}/account`, { id: acc.id });
    expect([res.status, res.reason]).toEqual([
      403,
      'Only manyMany, hasMany & hasChildren relations are allowed.',
    ]);
    const ghost = await s.api.put(`Contact/${c.id}`, { accountId: 'nope' });
    expect([ghost.status, ghost.reason]).toEqual([
      403,
      "Can't relate with non-existing record. entity type: Contact, link: account.",
    ]);
  });

  it('Account.opportunities sets Opportunity.accountId; an opportunity of another account cannot be taken', async () => {
    const a = await s.api.create('Account', { name: 'Acheteur A' });
    const b = await s.api.create('Account', { name: 'Acheteur B' });
    const opp = await s.api.create('Opportunity', { name: 'Affaire', amount: 100, closeDate: '2026-09-30' });
    expect((await s.api.post(`Account/${a.id}/opportunities`, { id: opp.id })).body).toBe(true);
    expect((await s.api.get(`Opportunity/${opp.id}`)).body).toMatchObject({
      accountId: a.id,
      accountName: 'Acheteur A',
    });
    const taken = await s.api.post(`Account/${b.id}/opportunities`, { id: opp.id });
    expect([taken.status, taken.reason]).toEqual([
      403,
      'Cannot link as the record is already linked (Account:opportunities).',
    ]);
    expect(taken.body).toEqual({
      messageTranslation: { label: 'cannotLinkAlreadyLinked', scope: null, data: {} },
    });
  });

  it('Opportunity contacts: the primary contact is one of them; Contact.opportunities relates back', async () => {
    const c1 = await s.api.create('Contact', { lastName: 'Primaire' });
    const c2 = await s.api.create('Contact', { lastName: 'Second' });
    const opp = await s.api.create('Opportunity', {
      name: 'Deux contacts',
      amount: 5,
      closeDate: '2026-09-30',
      contactId: c1.id,
    });
    expect(opp.contactsIds).toEqual([c1.id]);
    expect((await s.api.post(`Contact/${c2.id}/opportunities`, { id: opp.id })).body).toBe(true);
    const rows = await s.api.get<List>(`Opportunity/${opp.id}/contacts`);
    expect(rows.body.list.map((r) => r.id).sort()).toEqual([c1.id, c2.id].sort());
  });

  it('Lead and Account list their DiagnosticIA / MissionMAX; linking sets leadId / accountId', async () => {
    const lead = await s.api.create('Lead', { firstName: 'Luc', lastName: 'Panel' });
    const acc = await s.api.create('Account', { name: 'Panel SA' });
    const diag = await s.api.create('DiagnosticIA', { name: 'Diag Panel', score: 60, leadId: lead.id });
    const mission = await s.api.create('MissionMAX', { name: 'Mission Panel' });
    expect((await s.api.get<List>(`Lead/${lead.id}/diagnosticsIA`)).body.list.map((r) => r.id)).toEqual([
      diag.id,
    ]);
    expect((await s.api.post(`Lead/${lead.id}/missionsMAX`, { ids: [mission.id] })).body).toBe(true);
    expect((await s.api.post(`Account/${acc.id}/missionsMAX`, { id: mission.id })).body).toBe(true);
    expect((await s.api.get(`MissionMAX/${mission.id}`)).body).toMatchObject({
      leadId: lead.id,
      leadName: 'Luc Panel',
      accountId: acc.id,
      accountName: 'Panel SA',
    });
    expect((await s.api.get<List>(`Account/${acc.id}/missionsMAX`)).body.total).toBe(1);
    expect((await s.api.del(`Lead/${lead.id}/diagnosticsIA`, { id: diag.id })).body).toBe(true);
    expect((await s.api.get(`DiagnosticIA/${diag.id}`)).body.leadId).toBeNull();
  });

  it('parent links: tasks, calls and meetings of a record; a child takes the account of its parent', async () => {
    const acc = await s.api.create('Account', { name: 'Parents SARL' });
    const contact = await s.api.create('Contact', { lastName: 'Enfant', accountId: acc.id });
    const task = await s.api.create('Task', {
      name: 'Relancer',
      assignedUserId: s.userId,
      parentType: 'Contact',
      parentId: contact.id,
    });
    expect(task).toMatchObject({
      contactId: contact.id,
      contactName: 'Enfant',
      accountId: acc.id,
      accountName: 'Parents SARL',
    });
    expect((await s.api.get<List>(`Contact/${contact.id}/tasks`)).body.list.map((r) => r.id)).toEqual([
      task.id,
    ]);
    const call = await s.api.create('Call', {
      name: 'Appel',
      assignedUserId: s.userId,
      dateStart: '2026-05-02 10:00:00',
      dateEnd: '2026-05-02 10:05:00',
    });
    expect((await s.api.post(`Account/${acc.id}/calls`, { id: call.id })).body).toBe(true);
    expect((await s.api.get(`Call/${call.id}`)).body).toMatchObject({
      parentType: 'Account',
      parentId: acc.id,
    });
    expect((await s.api.get<List>(`Account/${acc.id}/calls`)).body.list.map((r) => r.id)).toEqual([call.id]);
  });

  it('errors: unknown record 404, unknown foreign record 404, unknown link 500, no id → false', async () => {
    const acc = await s.api.create('Account', { name: 'Erreurs' });
    const missing = await s.api.post('Account/nope/contacts', { id: acc.id });
    expect([missing.status, missing.reason]).toEqual([404, '']);
    const foreign = await s.api.post(`Account/${acc.id}/contacts`, { id: 'nope' });
    expect([foreign.status, foreign.reason]).toEqual([404, '']);
    const unknown = await s.api.get(`Account/${acc.id}/noSuchLink`);
    expect([unknown.status, unknown.reason]).toEqual([500, null]);
    const empty = await s.api.post(`Account/${acc.id}/contacts`, {});
    expect([empty.status, empty.body]).toEqual([200, false]);
    const listMissing = await s.api.get('Account/nope/contacts');
    expect([listMissing.status, listMissing.reason]).toEqual([404, '']);
  });

  it('where linkedWith finds the records related to a given one', async () => {
    const acc = await s.api.create('Account', { name: 'Filtre lié' });
    const inside = await s.api.create('Contact', { lastName: 'Dedans', accountId: acc.id });
    await s.api.create('Contact', { lastName: 'Dehors' });
    const q = whereQuery([{ type: 'linkedWith', attribute: 'accounts', value: [acc.id] }]);
    expect((await s.api.get<List>(`Contact?${q}`)).body.list.map((r) => r.id)).toEqual([inside.id]);
    const byKey = whereQuery([{ type: 'equals', attribute: 'accountId', value: acc.id }]);
    expect((await s.api.get<List>(`Contact?${byKey}`)).body.list.map((r) => r.id)).toEqual([inside.id]);
    const bad = await s.api.get(
      `Contact?${whereQuery([{ type: 'linkedWith', attribute: 'nope', value: ['x'] }])}`,
    );
    expect([bad.status, bad.reason]).toEqual([400, "Not existing relation 'nope' in where."]);
  });
});
