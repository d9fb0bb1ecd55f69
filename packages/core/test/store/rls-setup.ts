import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll } from 'vitest';
import { agentClaims, personClaims, seedTwoTenants } from './seed.ts';

/** The database of the file that calls useTwoTenants (a live binding, set in its beforeAll). */
export let db: TestDatabase;

/** One database per test file, seeded with the tenants alpha and beta. */
export function useTwoTenants(): void {
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
  });
  afterAll(() => db.close());
}

/** Both kinds of database caller, each as alpha. */
export const callers = [
  ['the agent', 'max_agent', agentClaims('alpha')],
  ["alpha's owner", 'authenticated', personClaims('alpha', 'owner')],
] as const;

export const keyCol = (t: string) => (t === 'tenants' ? 'id' : 'tenant_id');
/** A write's row count, or the error code that refused it. */
export const outcome = async (run: () => Promise<{ count: number }>) => {
  try {
    return (await run()).count;
  } catch (e) {
    return (e as { code?: string }).code; // permission denied is a refusal too
  }
};
