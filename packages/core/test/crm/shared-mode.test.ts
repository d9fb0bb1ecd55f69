import type { EspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/index.ts';
import { client, startEspoStandIn } from './helpers.ts';

let espo: EspoStandIn;
const acme = () => client(espo, { tenant: { field: 'cTenantId', value: 'acme' } });
const globex = () => client(espo, { tenant: { field: 'cTenantId', value: 'globex' } });
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

beforeAll(async () => {
  espo = await startEspoStandIn({ port: 0 });
  await client(espo).crm.createField('Lead', {
    name: 'tenantId',
    type: 'varchar',
    label: 'Tenant',
    maxLength: 64,
  });
});
afterAll(() => espo?.stop());

describe('shared-instance mode', () => {
  it('writes carry the tenant value; a different value in the payload is refused', async () => {
    const { crm } = acme();
    const { record } = await crm.create('Lead', { firstName: 'Ann', lastName: 'Acme' });
    expect(espo.state.records('Lead').find((l) => l.id === record.id)?.cTenantId).toBe('acme');
    expect(await code(crm.create('Lead', { lastName: 'Sneaky', cTenantId: 'globex' }))).toBe('forbidden');
    expect(await code(crm.update('Lead', record.id, { cTenantId: 'globex' }))).toBe('forbidden');
    expect(espo.state.records('Lead').some((l) => l.lastName === 'Sneaky')).toBe(false);
  });

  it('lists are filtered on the tenant, even with a caller where that tries to widen it', async () => {
    await acme().crm.create('Lead', { firstName: 'Amy', lastName: 'Shared', accountName: 'Same Co' });
    await globex().crm.create('Lead', { firstName: 'Gus', lastName: 'Shared', accountName: 'Same Co' });
    const { crm, calls } = acme();
    const res = await crm.list('Lead', {
      where: [
        {
          type: 'or',
          value: [
            { type: 'equals', attribute: 'cTenantId', value: 'globex' },
            { type: 'equals', attribute: 'accountName', value: 'Same Co' },
          ],
        },
      ],
      select: ['id', 'firstName'],
    });
    expect(res.list.map((r) => r.firstName)).toEqual(['Amy']);
    const q = new URL(calls[0]!.url).searchParams;
    expect([q.get('where[0][type]'), q.get('where[0][attribute]'), q.get('where[0][value]')]).toEqual([
      'equals',
      'cTenantId',
      'acme',
    ]);
    const all = await crm.listAll('Lead', {}, 500);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((r) => r.cTenantId === 'acme')).toBe(true);
  });

  it("get/update/delete/link of another tenant's record → not_found, and nothing changes", async () => {
    const { record: theirs } = await globex().crm.create('Lead', { firstName: 'Their', lastName: 'Lead' });
    const { crm, calls } = acme();
    expect(await code(crm.get('Lead', theirs.id))).toBe('not_found');
    expect(await code(crm.update('Lead', theirs.id, { status: 'Dead' }))).toBe('not_found');
    expect(await code(crm.update('Lead', theirs.id, { status: 'Dead', cTenantId: 'acme' }))).toBe(
      'not_found',
    );
    expect(await code(crm.delete('Lead', theirs.id))).toBe('not_found');
    expect(await code(crm.link('Lead', theirs.id, 'teams', 'x'))).toBe('not_found');
    expect(await code(crm.stream('Lead', theirs.id))).toBe('not_found');
    const stored = espo.state.records('Lead').find((l) => l.id === theirs.id)!;
    expect([stored.status, stored.cTenantId, stored.teamsIds]).toEqual(['New', 'globex', undefined]);
    expect(calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
    // The owner still can.
    expect((await globex().crm.update('Lead', theirs.id, { status: 'Dead' })).status).toBe('Dead');
  });

  it('a duplicate that belongs to another tenant is not handed back', async () => {
    await globex().crm.create('Lead', {
      firstName: 'Dora',
      lastName: 'Dup',
      emailAddress: 'dora@dup.example',
    });
    const res = await acme().crm.create('Lead', {
      firstName: 'Dora',
      lastName: 'Dup',
      emailAddress: 'dora@dup.example',
    });
    expect(res.duplicate).toBe(false);
    expect(res.record.cTenantId).toBe('acme');
    const again = await acme().crm.create('Lead', {
      firstName: 'Dora',
      lastName: 'Dup',
      emailAddress: 'dora@dup.example',
    });
    expect(again.duplicate).toBe(true);
    expect(again.record.id).toBe(res.record.id);
    expect(again.duplicates.every((d) => d.cTenantId === 'acme')).toBe(true);
  });

  it('health reports whether the tenant field exists per entity', async () => {
    const h = await acme().crm.health(['Lead', 'Contact']);
    expect(h.tenantField).toEqual({ Lead: true, Contact: false });
  });
});
