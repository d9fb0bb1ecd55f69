import { migrate, startPglite } from '@max/sandbox';
import postgres from 'postgres';
import type { Teardown } from './teardown.ts';

/**
 * The stack's database, migrated: the server's at `serverDbUrl`, else PGlite on `port`. `sql` is
 * the set-up connection, the caller's to end once it has seeded.
 */
export async function startDatabase(
  serverDbUrl: string | undefined,
  port: number,
  teardown: Teardown,
): Promise<{ dbUrl: string; sql: postgres.Sql }> {
  let dbUrl = serverDbUrl;
  if (!dbUrl) {
    // The agent, Supabase Auth's stand-in and `npm run tenant` each get a client, multiplexed.
    const pg = await startPglite({ port, maxConnections: 4 });
    teardown.add(pg.stop);
    dbUrl = pg.url;
  }
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  await migrate(sql);
  return { dbUrl, sql };
}
