import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfraEspo } from './helpers.ts';

type Started = Awaited<ReturnType<typeof startInfraEspo>>;
type R = Record<string, unknown>;
type List = { total: number; list: R[] };

/** Duplicate merge as 8.4.2 does it: `POST Action {entityType, action: 'merge', id, data}` (Core/Action). */
describe('EspoCRM stand-in merge', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startInfraEspo();
  });
  afterAll(() => s.espo.stop());

  const merge = (entityType: string, id: unknown, sourceIdList: unknown, attributes: unknown = {}) =>
    s.api.post('Action', { entityType, action: 'merge', id, data: { sourceIdList, attributes } });

  it('the target takes the attributes and everything attached to the sources; the sources are removed', async () => {
    const target = await s.api.create('Lead', {
      firstName: 'Jean',
      lastName: 'Dupont',
      emailAddress: 'jean@dupont.fr',
    });
    const source = await s.api.create(
      'Lead',
      {
        firstName: 'J.',
        lastName: 'Dupont',
        emailAddress: 'j.dupont@gmail.com',
        phoneNumber: '+33612345678',
      },
      { 'X-Skip-Duplicate-Check': 'true' },
    );
    const note = await s.api.create('Note', {
      type: 'Post',
      parentType: 'Lead',
      parentId: source.id,
      post: 'Vu au salon',
    });
    const task = await s.api.create('Task', {
      name: 'Rappeler',
      assignedUserId: s.userId,
      parentType: 'Lead',
      parentId: source.id,
    });
    const diag = await s.api.create('DiagnosticIA', { name: 'Diag', leadId: source.id });
    const res = await merge('Lead', target.id, [source.id], { title: 'Gérant', phoneNumber: '+33612345678' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: target.id,
      title: 'Gérant',
      emailAddress: 'jean@dupont.fr',
      phoneNumber: '+33612345678',
    });
    expect((res.body.emailAddressData as R[]).map((e) => [e.emailAddress, e.primary])).toEqual([
      ['jean@dupont.fr', true],
      ['j.dupont@gmail.com', false],
    ]);
    expect((await s.api.get(`Note/${note.id}`)).body.parentId).toBe(target.id);
    expect((await s.api.get(`Task/${task.id}`)).body).toMatchObject({
      parentId: target.id,
      parentName: 'Jean Dupont',
    });
    expect((await s.api.get<List>(`Lead/${target.id}/diagnosticsIA`)).body.list.map((r) => r.id)).toEqual([
      diag.id,
    ]);
    const gone = await s.api.get(`Lead/${source.id}`);
    expect([gone.status, gone.reason]).toEqual([404, `Record ${source.id} does not exist.`]);
    const stream = (await s.api.get<List>(`Lead/${target.id}/stream`)).body.list;
    expect(stream.some((n) => n.id === note.id)).toBe(true);
  });

  it('contacts: the account links of the sources are added to the target', async () => {
    const a = await s.api.create('Account', { name: 'Compte A' });
    const b = await s.api.create('Account', { name: 'Compte B' });
    const t = await s.api.create('Contact', { lastName: 'Fusion', accountId: a.id });
    const src = await s.api.create('Contact', { lastName: 'Fusion', firstName: 'X', accountId: b.id });
    const res = await merge('Contact', t.id, [src.id], {});
    expect(res.status).toBe(200);
    expect((res.body.accountsIds as string[]).sort()).toEqual([a.id, b.id].sort());
    expect(res.body.accountId).toBe(a.id);
  });

  it('errors: missing fields 400, unknown action 404, bad data 400, unknown target / source 404', async () => {
    const lead = await s.api.create('Lead', { lastName: 'Seul' });
    const noId = await s.api.post('Action', { entityType: 'Lead', action: 'merge', data: {} });
    expect([noId.status, noId.reason]).toEqual([400, '']);
    const badAction = await s.api.post('Action', {
      entityType: 'Lead',
      action: 'fuse',
      id: lead.id,
      data: {},
    });
    expect([badAction.status, badAction.reason]).toEqual([404, "Action 'fuse' not found."]);
    const noList = await s.api.post('Action', {
      entityType: 'Lead',
      action: 'merge',
      id: lead.id,
      data: { attributes: {} },
    });
    expect([noList.status, noList.reason]).toEqual([400, "No 'sourceIdList'."]);
    const noAttrs = await s.api.post('Action', {
      entityType: 'Lead',
      action: 'merge',
      id: lead.id,
      data: { sourceIdList: [] },
    });
    expect([noAttrs.status, noAttrs.reason]).toEqual([400, "No 'attributes'."]);
    const target = await merge('Lead', 'nope', [lead.id]);
    expect([target.status, target.reason]).toEqual([404, 'Record not found.']);
    const source = await merge('Lead', lead.id, ['nope']);
    expect([source.status, source.reason]).toEqual([404, 'Source record not found.']);
    expect((await s.api.get(`Lead/${lead.id}`)).status).toBe(200);
  });

  it('the pre-8 route {Entity}/action/merge does not exist in 8.4.2', async () => {
    const res = await s.api.post('Lead/action/merge', { targetId: 'x', sourceIds: ['y'], attributes: {} });
    expect([res.status, res.reason]).toEqual([
      404,
      "Action POST 'merge' does not exist in controller 'Lead'.",
    ]);
  });

  it('a target listed among its own sources is removed; the API user then gets 404', async () => {
    const lead = await s.api.create('Lead', { lastName: 'Auto' });
    const res = await merge('Lead', lead.id, [lead.id]);
    expect([res.status, res.reason]).toEqual([404, `Record ${lead.id} does not exist.`]);
    expect((await s.api.get(`Lead/${lead.id}`)).status).toBe(404);
  });
});
