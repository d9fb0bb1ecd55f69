import { describe, expect, it } from 'vitest';
import { lifecycle, type R, s, useInfraEspo } from './entities-setup.ts';
import { startInfraEspo } from './helpers.ts';

/** Calls, meetings, tasks and notes: EspoCRM 8.4.2's required fields, defaults and answers. */
describe('EspoCRM stand-in entities (infra customisations installed)', () => {
  useInfraEspo();

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
});
