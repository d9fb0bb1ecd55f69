import { createMemoryLogger, createPostgresStore, type Store } from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import type { Sql } from 'postgres';
import { seedTwoTenants } from './seed.ts';

/** A test file's own database, seeded with the two tenants (and what `more` adds), and a store over it. */
export async function seededStore(
  more?: (admin: Sql) => Promise<unknown>,
): Promise<{ db: TestDatabase; store: Store }> {
  const db = await createTestDatabase();
  await seedTwoTenants(db.admin);
  await more?.(db.admin);
  return { db, store: createPostgresStore({ sql: db.sql, logger: createMemoryLogger() }) };
}
