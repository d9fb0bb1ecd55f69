import type { EspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhereClause } from '../../src/index.ts';
import { apiCalls, caught, client, startEspoStandIn } from './helpers.ts';

let espo: EspoStandIn;
beforeAll(async () => {
  espo = await startEspoStandIn({ port: 0, seed: 7 });
});
afterAll(() => espo?.stop());

/** The Espo client's reads and writes against the stand-in (auth and failures: espo-client.test.ts). */
describe('operations', () => {
  it('create normalises the phone to E.164 with the default country', async () => {
    const { crm } = client(espo, { defaultCountry: 'BE' });
    const { record } = await crm.create('Lead', {
      firstName: 'Phone',
      lastName: 'Be',
      phoneNumber: '0470 12 34 56',
    });
    expect(record.phoneNumber).toBe('+32470123456');
    const updated = await crm.update('Lead', record.id, { phoneNumber: '0032 471 00 00 00' });
    expect(updated.phoneNumber).toBe('+32471000000');
  });

  it('duplicate create returns the existing record and creates nothing', async () => {
    const { crm } = client(espo);
    const first = await crm.create('Lead', {
      firstName: 'Dup',
      lastName: 'Licate',
      emailAddress: 'dup@example.com',
    });
    const count = espo.state.records('Lead').length;
    const again = await crm.create('Lead', {
      firstName: 'Other',
      lastName: 'Name',
      emailAddress: 'dup@example.com',
    });
    expect(again.duplicate).toBe(true);
    expect(again.record.id).toBe(first.record.id);
    expect(again.duplicates.map((d) => d.id)).toContain(first.record.id);
    expect(espo.state.records('Lead').length).toBe(count);
    const forced = await crm.create(
      'Lead',
      { firstName: 'Other', lastName: 'Name', emailAddress: 'dup@example.com' },
      { skipDuplicateCheck: true },
    );
    expect(forced.duplicate).toBe(false);
    expect(espo.state.records('Lead').length).toBe(count + 1);
  });

  it('where: arrays and nested or/and are understood by the server', async () => {
    const { crm, calls } = client(espo);
    await crm.create('Lead', {
      firstName: 'Wa',
      lastName: 'Alpha',
      status: 'Assigned',
      accountName: 'W corp',
    });
    await crm.create('Lead', { firstName: 'Wb', lastName: 'Beta', status: 'Dead', accountName: 'W corp' });
    await crm.create('Lead', { firstName: 'Wc', lastName: 'Gamma', status: 'New', accountName: 'W corp' });
    const where: WhereClause[] = [
      { type: 'equals', attribute: 'accountName', value: 'W corp' },
      {
        type: 'or',
        value: [
          { type: 'in', attribute: 'status', value: ['Assigned', 'Dead'] },
          {
            type: 'and',
            value: [
              { type: 'startsWith', attribute: 'lastName', value: 'Gam' },
              { type: 'isNotNull', attribute: 'firstName' },
            ],
          },
        ],
      },
      { type: 'notEquals', attribute: 'lastName', value: 'Beta' },
    ];
    const res = await crm.list('Lead', {
      where,
      select: ['id', 'lastName'],
      orderBy: 'lastName',
      order: 'asc',
    });
    expect(res.list.map((r) => r.lastName)).toEqual(['Alpha', 'Gamma']);
    const q = new URL(calls.at(-1)!.url).searchParams;
    expect(q.get('where[1][type]')).toBe('or');
    expect(q.getAll('where[1][value][0][value][]')).toEqual(['Assigned', 'Dead']);
    expect(q.get('where[1][value][1][value][0][attribute]')).toBe('lastName');
    expect(q.get('where[1][value][1][value][1][type]')).toBe('isNotNull');
  });

  it('maxSize is capped at 200, textFilter and offset are passed', async () => {
    const { crm, calls } = client(espo);
    await crm.list('Lead', { maxSize: 5000, offset: 3, textFilter: 'Dup' });
    const q = new URL(calls[0]!.url).searchParams;
    expect([q.get('maxSize'), q.get('offset'), q.get('textFilter')]).toEqual(['200', '3', 'Dup']);
  });

  it('listAll pages through more than 200 records (≤200 per page) up to the limit', async () => {
    const tag = 'Bulk Co';
    const { crm, calls } = client(espo);
    for (let i = 0; i < 230; i++)
      await crm.create(
        'Lead',
        { lastName: `Bulk${String(i).padStart(3, '0')}`, accountName: tag },
        { skipDuplicateCheck: true },
      );
    calls.length = 0;
    const all = await crm.listAll(
      'Lead',
      { where: [{ type: 'equals', attribute: 'accountName', value: tag }] },
      1000,
    );
    expect(all).toHaveLength(230);
    expect(new Set(all.map((r) => r.id)).size).toBe(230);
    expect(calls).toHaveLength(2);
    for (const c of calls)
      expect(Number(new URL(c.url).searchParams.get('maxSize'))).toBeLessThanOrEqual(200);
    const capped = await crm.listAll(
      'Lead',
      { where: [{ type: 'equals', attribute: 'accountName', value: tag }] },
      50,
    );
    expect(capped).toHaveLength(50);
  });

  it('get, update, delete, link', async () => {
    const { crm } = client(espo);
    const { record } = await crm.create('Lead', { firstName: 'Life', lastName: 'Cycle' });
    expect((await crm.get('Lead', record.id)).name).toBe('Life Cycle');
    expect((await crm.update('Lead', record.id, { status: 'In Process' })).status).toBe('In Process');
    const { record: acc } = await crm.create('Account', { name: 'Linked Ltd' });
    await crm.link('Lead', record.id, 'teams', acc.id);
    expect(espo.state.records('Lead').find((l) => l.id === record.id)?.teamsIds).toContain(acc.id);
    await crm.delete('Lead', record.id);
    expect((await caught(crm.get('Lead', record.id))).code).toBe('not_found');
    expect((await caught(crm.delete('Lead', record.id))).code).toBe('not_found');
  });

  it('currentUserId is cached', async () => {
    const { crm, calls } = client(espo);
    const a = await crm.currentUserId();
    expect(await crm.currentUserId()).toBe(a);
    expect(calls).toHaveLength(1);
  });
});

describe('metadata and admin', () => {
  it('fields() is cached per client until the TTL expires', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { crm, calls } = client(espo, {
      clock: { now: () => new Date(now), sleep: async () => {} },
      cache: { ttlMs: 60_000 },
    });
    const f = await crm.fields('Lead');
    expect(f.status?.options).toContain('In Process');
    await crm.fields('Lead');
    expect(apiCalls(calls, '/Metadata')).toHaveLength(1);
    now += 61_000;
    await crm.fields('Lead');
    expect(apiCalls(calls, '/Metadata')).toHaveLength(2);
  });

  it('createField: c-prefixed name, idempotent, accepts an already prefixed name, custom field visible', async () => {
    const { crm, calls } = client(espo);
    const a = await crm.createField('Lead', {
      name: 'budget',
      type: 'enum',
      label: 'Budget',
      options: ['', 'Low', 'High'],
    });
    expect(a).toEqual({ name: 'cBudget', created: true });
    const body = JSON.parse(apiCalls(calls, '/Admin/fieldManager/Lead')[0]!.body!);
    expect(body.name).toBe('budget');
    expect(
      await crm.createField('Lead', { name: 'cBudget', type: 'enum', label: 'Budget', options: ['', 'Low'] }),
    ).toEqual({
      name: 'cBudget',
      created: false,
    });
    expect(JSON.parse(apiCalls(calls, '/Admin/fieldManager/Lead')[1]!.body!).name).toBe('budget');
    const fields = await crm.fields('Lead');
    expect(fields.cBudget).toMatchObject({ type: 'enum', isCustom: true, options: ['', 'Low', 'High'] });
    const { record } = await crm.create('Lead', { lastName: 'Budgeted', cBudget: 'High' });
    expect(record.cBudget).toBe('High');
    const bad = await caught(crm.create('Lead', { lastName: 'Budgeted2', cBudget: 'Huge' }));
    expect(bad.details).toMatchObject({ field: 'cBudget', type: 'valid' });
  });

  it('addFieldToLayouts is idempotent: one PUT per layout in total', async () => {
    const { crm, calls } = client(espo);
    await crm.createField('Lead', { name: 'fleetSize', type: 'int', label: 'Fleet size' });
    expect(await crm.addFieldToLayouts('Lead', 'cFleetSize', ['detail', 'list'])).toEqual({
      changed: ['detail', 'list'],
    });
    expect(await crm.addFieldToLayouts('Lead', 'cFleetSize', ['detail', 'list'])).toEqual({ changed: [] });
    const puts = calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => new URL(c.url).pathname)).toEqual([
      '/api/v1/Lead/layout/detail',
      '/api/v1/Lead/layout/list',
    ]);
    const detail = espo.state.layout('Lead/detail') as Array<{ rows: unknown[][] }>;
    expect(detail[0]!.rows.at(-1)).toEqual([{ name: 'cFleetSize' }, false]);
    expect(detail.length).toBe(2); // the whole layout was sent back, other panels kept
    expect(JSON.stringify(espo.state.layout('Lead/list')).match(/cFleetSize/g)).toHaveLength(1);
  });

  it('clearCache and rebuild use the admin user', async () => {
    const { crm, calls } = client(espo);
    await crm.clearCache();
    await crm.rebuild();
    const admin = calls.filter((c) => c.method === 'POST');
    expect(admin).toHaveLength(2);
    for (const c of admin) expect(c.headers.get('x-api-key')).toBeNull();
  });

  it('health: reachable, authenticated, admin rights', async () => {
    const { crm } = client(espo);
    const h = await crm.health(['Lead']);
    expect(h).toMatchObject({ reachable: true, authenticated: true, admin: true, tenantField: null });
    const { crm: bad } = client(espo, { auth: { kind: 'apikey', apiKey: 'nope' } });
    expect(await bad.health()).toMatchObject({
      reachable: true,
      authenticated: false,
      error: 'unauthorized',
    });
    const { crm: down } = client(espo, { baseUrl: 'http://127.0.0.1:9', retries: 0 });
    expect(await down.health()).toMatchObject({ reachable: false, authenticated: false });
  });
});
