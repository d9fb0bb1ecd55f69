import postgres, { type Sql } from 'postgres';
import { MIGRATIONS_DIR, migrate } from './migrate.ts';
import { startPglite } from './pglite-server.ts';
import { migratedPgliteTemplate } from './pglite-template.ts';

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  url: string;
  /** The connection the application uses (postgres.js; one connection on PGlite). */
  sql: Sql;
  /** Same database, as its owner: for seeding and for assertions that look past RLS. */
  admin: Sql;
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Server to create the database on; defaults to DATABASE_URL, PGlite when neither is set. */
  serverUrl?: string;
  migrationsDir?: string;
}

const quiet = { onnotice: () => {} };

/**
 * A migrated, empty database: PGlite by default (from a cached migrated template, well under a
 * second after the first build); with DATABASE_URL, a fresh `max_test_<random>` database on that
 * server, dropped on close. On PGlite `sql` and `admin` are the same single session.
 * Create one per test file (beforeAll) and close it in afterAll.
 */
export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const dir = opts.migrationsDir ?? MIGRATIONS_DIR;
  const server = opts.serverUrl ?? process.env.DATABASE_URL;
  if (!server) {
    const pg = await startPglite({ loadDataDir: await migratedPgliteTemplate(dir) });
    const sql = postgres(pg.url, { max: 1, ...quiet });
    try {
      await migrate(sql, dir); // the template is migrated: this only verifies and skips
    } catch (e) {
      await sql.end({ timeout: 1 });
      await pg.stop();
      throw e;
    }
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
  const close = async () => {
    await Promise.all([sql.end({ timeout: 1 }), admin.end({ timeout: 1 })]);
    await root.unsafe(`drop database if exists ${name} with (force)`);
    await root.end({ timeout: 1 });
  };
  try {
    await migrate(admin, dir);
  } catch (e) {
    await close();
    throw e;
  }
  return { kind: 'postgres', url: url.toString(), sql, admin, close };
}
