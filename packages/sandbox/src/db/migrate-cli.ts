/**
 * Applies supabase/migrations to DATABASE_URL (a local PostgreSQL, or Supabase's direct URL).
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx packages/sandbox/src/db/migrate-cli.ts
 */
import postgres from 'postgres';
import { migrate } from './migrate.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  const r = await migrate(sql, process.argv[2]);
  for (const f of r.applied) console.log(`applied ${f}`);
  console.log(`${r.applied.length} applied, ${r.skipped.length} already applied`);
} catch (e) {
  // The server's message (which statement failed) but never the URL, which may carry a password.
  console.error(`migration failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 2 });
}
