import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFreshEspo, startInfraEspo } from './helpers.ts';

type Started = Awaited<ReturnType<typeof startInfraEspo>>;
type R = Record<string, unknown>;

/**
 * Create / read / update / list / delete for every entity MAX will use, with EspoCRM 8.4.2's required
 * fields, defaults, enums and validation answers (sources in src/espo/README.md).
 */
describe('EspoCRM stand-in entities (infra customisations installed)', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startInfraEspo();
  });
  afterAll(() => s.espo.stop());

  async function lifecycle(entity: string, body: R, change: R) {
    const created = await s.api.create(entity, body);
    expect(created.id).toMatch(/^[0-9a-f]{17}$/);
    const got = await s.api.get(`${entity}/${created.id}`);
    expect(got.status).toBe(200);
    const updated = await s.api.put(`${entity}/${created.id}`, change);
    expect(updated.status).toBe(200);
    for (const [k, v] of Object.entries(change)) expect(updated.body[k]).toEqual(v);
    const listed = await s.api.get<{ total: number; list: R[] }>(`${entity}?maxSize=200`);
    expect(listed.body.list.map((r) => r.id)).toContain(created.id);
    expect((await s.api.del(`${entity}/${created.id}`)).body).toBe(true);
    const gone = await s.api.get(`${entity}/${created.id}`);
    expect([gone.status, gone.reason]).toEqual([404, `Record ${created.id} does not exist.`]);
    const again = await s.api.del(`${entity}/${created.id}`);
    expect([again.status, again.reason]).toEqual([404, `Record ${created.id} not found.`]);
    return { created, got: got.body, updated: updated.body };
  }

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

  it('Call: status Planned, direction Outbound, dateEnd required (never derived from a duration)', async () => {
    const base = { name: 'Appel Dupont', assignedUserId: s.userId, dateStart: '2026-05-02 10:00:00' };
    const noEnd = await s.api.post('Call', { ...base, duration: 900 });
    expect([noEnd.status, noEnd.reason]).toEqual([
      400,
      'Field validation failure; entityType: Call, field: dateEnd, type: required.',
    ]);
    const noStart = await s.api.post('Call', {
      name: 'x',
      assignedUserId: s.userId,
      dateEnd: '2026-05-02 10:00:00',
    });
    expect(noStart.reason).toBe(
      'Field validation failure; entityType: Call, field: dateStart, type: required.',
    );
    const noUser = await s.api.post('Call', {
      name: 'x',
      dateStart: '2026-05-02 10:00:00',
      dateEnd: '2026-05-02 10:15:00',
    });
    expect(noUser.reason).toBe(
      'Field validation failure; entityType: Call, field: assignedUser, type: required.',
    );
    const { created, got } = await lifecycle(
      'Call',
      { ...base, dateEnd: '2026-05-02 10:15' },
      { status: 'Held' },
    );
    // The create answer shows the dates as sent and the default duration; the save computes them.
    expect(created).toMatchObject({
      status: 'Planned',
      direction: 'Outbound',
      dateEnd: '2026-05-02 10:15',
      duration: 300,
      usersIds: [s.userId],
      usersColumns: { [s.userId]: { status: 'Accepted' } },
    });
    expect(got).toMatchObject({ dateEnd: '2026-05-02 10:15:00', duration: 900 });
    // An ISO date-time with an offset is converted to UTC (FieldSanitizers/Datetime); other forms are invalid.
    const iso = await s.api.create('Call', { ...base, dateEnd: '2026-05-02T12:30:00+02:00' });
    expect(iso.dateEnd).toBe('2026-05-02 10:30:00');
    expect((await s.api.post('Call', { ...base, dateEnd: '02/05/2026 10:30' })).reason).toBe(
      'Field validation failure; entityType: Call, field: dateEnd, type: valid.',
    );
  });

  it('Meeting: all-day dates become UTC date-times in the install time zone, the end exclusive', async () => {
    const paris = await startInfraEspo({ settings: { timeZone: 'Europe/Paris' } });
    try {
      const m = await paris.api.create('Meeting', {
        name: 'Salon',
        assignedUserId: paris.userId,
        dateStartDate: '2026-07-01',
        dateEndDate: '2026-07-02',
        isAllDay: true,
      });
      expect(m).toMatchObject({
        status: 'Planned',
        dateStart: '2026-06-30 22:00:00',
        dateEnd: '2026-07-02 22:00:00',
        dateStartDate: '2026-07-01',
        dateEndDate: '2026-07-02',
      });
    } finally {
      await paris.espo.stop();
    }
    await lifecycle(
      'Meeting',
      {
        name: 'Rendez-vous',
        assignedUserId: s.userId,
        dateStart: '2026-05-03 09:00:00',
        dateEnd: '2026-05-03 10:00:00',
      },
      { status: 'Not Held' },
    );
  });

  it('Task: on any of Account/Contact/Lead/Opportunity; a MissionMAX parent is not in parent.entityList', async () => {
    const acc = await s.api.create('Account', { name: 'Parent SARL' });
    const { created, updated } = await lifecycle(
      'Task',
      {
        name: 'Rappeler',
        assignedUserId: s.userId,
        parentType: 'Account',
        parentId: acc.id,
        dateEnd: '2026-06-01 09:00:00',
      },
      { status: 'Completed' },
    );
    expect(created).toMatchObject({
      status: 'Not Started',
      priority: 'Normal',
      accountId: acc.id,
      accountName: 'Parent SARL',
    });
    expect(updated.dateCompleted).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const mission = await s.api.create('MissionMAX', { name: 'Mission' });
    const onMission = await s.api.post('Task', {
      name: 'x',
      assignedUserId: s.userId,
      parentType: 'MissionMAX',
      parentId: mission.id,
    });
    expect([onMission.status, onMission.reason]).toEqual([
      400,
      'Field validation failure; entityType: Task, field: parent, type: valid.',
    ]);
    const ghost = await s.api.post('Task', {
      name: 'x',
      assignedUserId: s.userId,
      parentType: 'Lead',
      parentId: 'nope',
    });
    expect([ghost.status, ghost.reason]).toEqual([
      403,
      "Can't relate with non-existing record. entity type: Task, link: parent.",
    ]);
    expect(ghost.body).toEqual({
      messageTranslation: {
        label: 'cannotRelateNonExisting',
        scope: null,
        data: { foreignEntityType: 'Lead' },
      },
    });
  });

  it('Note: a Post on any record lands in that record stream; an unknown parent is 403', async () => {
    const acc = await s.api.create('Account', { name: 'Flux SA' });
    const note = await s.api.create('Note', {
      type: 'Post',
      parentType: 'Account',
      parentId: acc.id,
      post: 'Appelé ce matin',
    });
    expect(note).toMatchObject({ parentName: 'Flux SA', type: 'Post' });
    const stream = await s.api.get<{ list: R[] }>(`Account/${acc.id}/stream`);
    expect(stream.body.list.map((n) => n.type)).toEqual(['Post', 'Create']);
    const orphan = await s.api.post('Note', {
      type: 'Post',
      parentType: 'Contact',
      parentId: 'nope',
      post: 'x',
    });
    expect([orphan.status, orphan.reason]).toEqual([403, 'No create access.']);
  });

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
