import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from 'postgres';

export const MIGRATIONS_DIR = new URL('../../../../supabase/migrations/', import.meta.url).pathname;

export interface MigrationResult {
  applied: string[];
  skipped: string[];
}

/**
 * Applies supabase/migrations in name order, each in its own transaction, recording them where
 * the Supabase CLI does (supabase_migrations.schema_migrations) so `supabase db push` agrees.
 */
export async function migrate(sql: Sql, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  await sql.unsafe(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key, name text, statements text[], applied_at timestamptz default now()
    );`);
  const done = new Set(
    (await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`).map(
      (r) => r.version,
    ),
  );
  const files = readdirSync(dir)
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const result: MigrationResult = { applied: [], skipped: [] };
  for (const file of files) {
    const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
    if (done.has(version!)) {
      result.skipped.push(file);
      continue;
    }
    const body = readFileSync(join(dir, file), 'utf8');
    await sql.begin(async (tx) => {
      await tx.unsafe(body);
      await tx`insert into supabase_migrations.schema_migrations (version, name) values (${version!}, ${rest.join('_')})`;
    });
    result.applied.push(file);
  }
  return result;
}
