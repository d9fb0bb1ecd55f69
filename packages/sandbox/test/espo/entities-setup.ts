import { afterAll, beforeAll, expect } from 'vitest';
import { startInfraEspo } from './helpers.ts';

export type Started = Awaited<ReturnType<typeof startInfraEspo>>;
export type R = Record<string, unknown>;

/** The stand-in of the file that calls useInfraEspo (a live binding, set in its beforeAll). */
export let s: Started;

/**
 * One stand-in with the infra customisations installed, per test file: create / read / update / list /
 * delete for every entity MAX will use, with EspoCRM 8.4.2's required fields, defaults, enums and
 * validation answers (sources in src/espo/README.md).
 */
export function useInfraEspo(): void {
  beforeAll(async () => {
    s = await startInfraEspo();
  });
  afterAll(() => s.espo.stop());
}

/** Create, read, update, list and delete one record, checking EspoCRM 8.4.2's answers on the way. */
export async function lifecycle(entity: string, body: R, change: R) {
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
