import type { EspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCalls, C, caught, client, startEspoStandIn } from './helpers.ts';

let espo: EspoStandIn;
beforeAll(async () => {
  espo = await startEspoStandIn({ port: 0, seed: 7 });
});
afterAll(() => espo?.stop());

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
