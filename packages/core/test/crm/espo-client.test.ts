import type { EspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type WhereClause } from '../../src/index.ts';
import { C, client, startEspoStandIn } from './helpers.ts';

let espo: EspoStandIn;
beforeAll(async () => {
  espo = await startEspoStandIn({ port: 0, seed: 7 });
});
afterAll(() => espo?.stop());

const caught = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
};
const apiCalls = <T extends { url: string }>(calls: T[], path: string) =>
  calls.filter((c) => new URL(c.url).pathname === `/api/v1${path}`);

describe('auth modes', () => {
  it('API key: X-Api-Key, and no other credential header', async () => {
    const { crm, calls } = client(espo);
    expect(await crm.currentUserId()).toBe(espo.users.find((u) => u.apiKey === C.apiKey)!.id);
    expect(calls[0]!.headers.get('x-api-key')).toBe(C.apiKey);
    expect(calls[0]!.headers.get('espo-authorization')).toBeNull();
  });

  it('HMAC: signs "METHOD /path" with the raw binary digest', async () => {
    const { crm, calls } = client(espo, {
      auth: { kind: 'hmac', apiKey: C.hmacApiKey, secretKey: C.hmacSecret },
    });
    const { record } = await crm.create('Lead', { firstName: 'Hmac', lastName: 'Signed' });
    expect(record.createdById).toBe(espo.users.find((u) => u.apiKey === C.hmacApiKey)!.id);
    const raw = Buffer.from(calls[0]!.headers.get('x-hmac-authorization')!, 'base64');
    expect(raw.subarray(0, C.hmacApiKey.length + 1).toString()).toBe(`${C.hmacApiKey}:`);
    expect(raw.length).toBe(C.hmacApiKey.length + 1 + 32);
  });

  it('HMAC with a wrong secret → unauthorized', async () => {
    const { crm } = client(espo, { auth: { kind: 'hmac', apiKey: C.hmacApiKey, secretKey: 'nope' } });
    const e = await caught(crm.get('Lead', '00000000000000000'));
    expect(e.code).toBe('unauthorized');
    expect(e.details?.kind).toBe('unauthorized');
  });

  it('basic: one password login, then the token on every request', async () => {
    const { crm, calls } = client(espo, {
      auth: { kind: 'basic', username: C.adminUser, password: C.adminPassword },
    });
    await crm.list('Lead', { maxSize: 1 });
    await crm.list('Lead', { maxSize: 1 });
    await crm.create('Lead', { firstName: 'Token', lastName: 'User' });
    const decoded = calls.map((c) =>
      Buffer.from(c.headers.get('espo-authorization')!, 'base64').toString('utf8'),
    );
    expect(decoded[0]).toBe(`${C.adminUser}:${C.adminPassword}`);
    expect(decoded.filter((d) => d.endsWith(C.adminPassword))).toHaveLength(1);
    for (const c of calls.slice(1)) expect(c.headers.get('espo-authorization-by-token')).toBe('true');
    expect(calls.length).toBe(4);
  });

  it('basic: an expired token → logs in again once and replays the request', async () => {
    const { crm, calls } = client(espo, {
      auth: { kind: 'basic', username: C.adminUser, password: C.adminPassword },
    });
    await crm.list('Lead', { maxSize: 1 });
    for (const u of espo.users) u.tokens.clear(); // the server forgets every token
    const res = await crm.list('Lead', { maxSize: 1 });
    expect(res.total).toBeGreaterThanOrEqual(0);
    const logins = calls.filter((c) =>
      Buffer.from(c.headers.get('espo-authorization') ?? '', 'base64')
        .toString()
        .endsWith(C.adminPassword),
    );
    expect(logins).toHaveLength(2);
  });

  it('basic with a wrong password → unauthorized, no loop', async () => {
    const { crm, calls } = client(espo, { auth: { kind: 'basic', username: C.adminUser, password: 'x' } });
    expect((await caught(crm.list('Lead'))).code).toBe('unauthorized');
    expect(calls.length).toBe(1);
  });

  it('sends the Cloudflare Access service-token headers on every request', async () => {
    const { crm, calls } = client(espo, {
      cfAccess: { clientId: 'cf-id.access', clientSecret: 'cf-secret' },
    });
    await crm.list('Lead', { maxSize: 1 });
    await crm.fields('Task');
    expect(calls.length).toBe(2);
    for (const c of calls) {
      expect(c.headers.get('cf-access-client-id')).toBe('cf-id.access');
      expect(c.headers.get('cf-access-client-secret')).toBe('cf-secret');
    }
  });

  it('writes send Content-Type application/json with a JSON object', async () => {
    const { crm, calls } = client(espo);
    const { record } = await crm.create('Lead', { firstName: 'Json', lastName: 'Body' });
    await crm.update('Lead', record.id, { title: 'CTO' });
    for (const c of calls.filter((x) => x.method !== 'GET')) {
      expect(c.headers.get('content-type')).toBe('application/json');
      expect(JSON.parse(c.body!)).toBeTypeOf('object');
    }
    expect(espo.state.records('Lead').find((l) => l.id === record.id)?.title).toBe('CTO');
  });
});

describe('reliability', () => {
  it('a request that never answers → AppError timeout', async () => {
    espo.setFaults({ timeoutRate: 1 });
    try {
      const { crm } = client(espo, { timeoutMs: 150, retries: 0 });
      const e = await caught(crm.get('Lead', '00000000000000000'));
      expect(e.code).toBe('timeout');
      expect(e.retryable).toBe(true);
    } finally {
      espo.setFaults({});
    }
  });

  it('a failing POST is attempted exactly once', async () => {
    const before = espo.state.records('Lead').length;
    espo.setFaults({ failNext: 1 });
    const { crm, calls } = client(espo, { retries: 3 });
    const e = await caught(crm.create('Lead', { firstName: 'Once', lastName: 'Only' }));
    expect(e.code).toBe('unavailable');
    expect(apiCalls(calls, '/Lead').filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(espo.state.records('Lead').length).toBe(before);
  });

  it('a failing GET is retried and succeeds', async () => {
    const { crm, calls } = client(espo, { retries: 3 });
    const { record } = await crm.create('Lead', { firstName: 'Retry', lastName: 'Me' });
    espo.setFaults({ failNext: 2 });
    const got = await crm.get('Lead', record.id);
    expect(got.name).toBe('Retry Me');
    expect(apiCalls(calls, `/Lead/${record.id}`)).toHaveLength(3);
  });

  it('retries are bounded: a GET that keeps failing gives up with unavailable', async () => {
    espo.setFaults({ failNext: 10 });
    const { crm, calls } = client(espo, { retries: 2 });
    const e = await caught(crm.list('Lead'));
    espo.setFaults({});
    expect(e.code).toBe('unavailable');
    expect(calls).toHaveLength(3);
  });

  it('seeded error rate: the client survives a 30% 5xx rate on reads', async () => {
    espo.setFaults({ errorRate: 0.3 });
    const { crm } = client(espo, { retries: 6 });
    try {
      for (let i = 0; i < 10; i++) expect((await crm.list('Lead', { maxSize: 1 })).list).toHaveLength(1);
    } finally {
      espo.setFaults({});
    }
  });
});

describe('typed errors', () => {
  it('not_found, validation (field/type/entity), forbidden, bad_request', async () => {
    const { crm } = client(espo);
    const nf = await caught(crm.get('Lead', '00000000000000000'));
    expect([nf.code, nf.details?.kind]).toEqual(['not_found', 'not_found']);

    const v = await caught(crm.create('Lead', { firstName: 'Bad', lastName: 'Mail', emailAddress: 'x@@y' }));
    expect(v.code).toBe('validation');
    expect(v.details).toMatchObject({
      kind: 'validation',
      field: 'emailAddress',
      type: 'emailAddress',
      entity: 'Lead',
    });

    const en = await caught(crm.create('Lead', { lastName: 'Enum', status: 'Nope' }));
    expect(en.details).toMatchObject({ field: 'status', type: 'valid' });

    const task = await caught(crm.create('Task', { status: 'Not Started' }));
    expect(task.details).toMatchObject({ entity: 'Task', field: 'name', type: 'required' });

    // API users are never admins: admin calls with the API key are forbidden.
    const { crm: noAdmin } = client(espo, { adminAuth: undefined });
    expect((await caught(noAdmin.rebuild())).code).toBe('forbidden');

    const bad = await caught(
      crm.list('Lead', { where: [{ type: 'equals', attribute: 'noSuch', value: 1 }] }),
    );
    expect(bad.code).toBe('bad_request');
  });

  it('unauthorized on a bad API key', async () => {
    const { crm } = client(espo, { auth: { kind: 'apikey', apiKey: 'wrong' } });
    const e = await caught(crm.list('Lead'));
    expect(e.code).toBe('unauthorized');
    expect(e.message).not.toContain('wrong');
  });

  it('an unusable phone number is refused before any request', async () => {
    const { crm, calls } = client(espo);
    const e = await caught(crm.create('Lead', { lastName: 'Phone', phoneNumber: 'call me maybe' }));
    expect(e.details).toMatchObject({ kind: 'validation', field: 'phoneNumber' });
    expect(calls).toHaveLength(0);
  });
});

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
