import type { EspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/index.ts';
import { client, startEspoStandIn } from './helpers.ts';

/** Issue 14 §3: the client's merge, EspoCRM 8.4.2's generic action, and its tenant guard in shared mode. */
let espo: EspoStandIn;
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

beforeAll(async () => {
  espo = await startEspoStandIn({ port: 0 });
  espo.addField('Lead', 'cTenantId', { type: 'varchar', maxLength: 64, isCustom: true });
});
afterAll(() => espo?.stop());

const make = async (crm: ReturnType<typeof client>['crm'], data: Record<string, unknown>) =>
  (await crm.create('Lead', data, { skipDuplicateCheck: true })).record.id;
const alive = (id: string) => espo.state.records('Lead').some((r) => r.id === id);

describe('CrmClient.merge (EspoCRM 8.4.2: POST Action {action: merge})', () => {
  it('posts the generic action with the target, the sources and the attributes; the sources are gone, their addresses kept', async () => {
    const { crm, calls } = client(espo);
    const a = await make(crm, { firstName: 'Ann', lastName: 'Target', emailAddress: 'ann@t.fr' });
    const b = await make(crm, {
      firstName: 'Ann',
      lastName: 'Source',
      emailAddress: 'ann@s.fr',
      phoneNumber: '+33611111111',
    });
    const merged = await crm.merge('Lead', a, [b, b], { title: 'CEO' });
    const post = calls.find((c) => c.method === 'POST' && c.url.endsWith('/api/v1/Action'));
    expect(JSON.parse(post!.body!)).toEqual({
      entityType: 'Lead',
      action: 'merge',
      id: a,
      data: { sourceIdList: [b], attributes: { title: 'CEO' } },
    });
    expect(calls.some((c) => c.url.includes('/action/merge'))).toBe(false);
    expect(merged).toMatchObject({
      id: a,
      title: 'CEO',
      emailAddress: 'ann@t.fr',
      phoneNumber: '+33611111111',
    });
    expect((merged.emailAddressData as Array<{ emailAddress: string }>).map((e) => e.emailAddress)).toEqual([
      'ann@t.fr',
      'ann@s.fr',
    ]);
    expect(alive(b)).toBe(false);
  });

  it('refuses, before any request, ids that are not record ids and a target among its sources', async () => {
    const { crm, calls } = client(espo);
    const a = await make(crm, { lastName: 'Self' });
    calls.length = 0;
    expect(await code(crm.merge('Lead', a, ['../x']))).toBe('not_found');
    expect(await code(crm.merge('Lead', '.', [a]))).toBe('not_found');
    expect(await code(crm.merge('Lead', a, [a]))).toBe('bad_request');
    expect(await code(crm.merge('Lead', a, []))).toBe('bad_request');
    expect(calls).toHaveLength(0);
    expect(alive(a)).toBe(true);
  });

  it('shared mode: another tenant’s record as target or source is "not found" and nothing is merged; the tenant value cannot be changed through the attributes', async () => {
    const acme = client(espo, { tenant: { field: 'cTenantId', value: 'acme' } });
    const globex = client(espo, { tenant: { field: 'cTenantId', value: 'globex' } });
    const mine = await make(acme.crm, { lastName: 'Mine' });
    const mine2 = await make(acme.crm, { lastName: 'Mine2' });
    const theirs = await make(globex.crm, { lastName: 'Theirs' });
    acme.calls.length = 0;
    expect(await code(acme.crm.merge('Lead', mine, [theirs]))).toBe('not_found');
    expect(await code(acme.crm.merge('Lead', theirs, [mine]))).toBe('not_found');
    expect(await code(acme.crm.merge('Lead', mine, [mine2, theirs]))).toBe('not_found');
    expect(await code(acme.crm.merge('Lead', mine, [mine2], { cTenantId: 'globex' }))).toBe('forbidden');
    expect(acme.calls.some((c) => c.url.endsWith('/api/v1/Action'))).toBe(false);
    expect([mine, mine2, theirs].every(alive)).toBe(true);
    const merged = await acme.crm.merge('Lead', mine, [mine2]);
    expect(merged.cTenantId).toBe('acme');
    expect(alive(mine2)).toBe(false);
    expect(espo.state.records('Lead').find((r) => r.id === theirs)?.cTenantId).toBe('globex');
  });
});
