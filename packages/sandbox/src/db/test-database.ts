import postgres, { type Sql } from 'postgres';
import { migrate } from './migrate.ts';
import { startPglite } from './pglite-server.ts';

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  url: string;
  /** The connection the application uses (postgres.js; one connection on PGlite). */
  sql: Sql;
  /** Same database, as its owner: for seeding and for assertions that look past RLS. */
  admin: Sql;
  close(): Promise<void>;
}

const quiet = { onnotice: () => {} };

/**
 * A migrated, empty database: PGlite by default; with DATABASE_URL, a fresh database on that
 * server, dropped on close. On PGlite `sql` and `admin` share the single session.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const pg = await startPglite();
    const sql = postgres(pg.url, { max: 1, ...quiet });
    await migrate(sql);
    return {
      kind: 'pglite',
      url: pg.url,
      sql,
      admin: sql,
      async close() {
        await sql.end({ timeout: 1 });
        await pg.stop();
      },
    };
  }
  const name = `max_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const root = postgres(server, { max: 1, ...quiet });
  await root.unsafe(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 20, ...quiet });
  const admin = postgres(url.toString(), { max: 2, ...quiet });
  await migrate(admin);
  return {
    kind: 'postgres',
    url: url.toString(),
    sql,
    admin,
    async close() {
      await Promise.all([sql.end({ timeout: 1 }), admin.end({ timeout: 1 })]);
      await root.unsafe(`drop database if exists ${name} with (force)`);
      await root.end({ timeout: 1 });
    },
  };
}
