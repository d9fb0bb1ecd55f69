import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, startPglite, templateKey } from '../../src/db/index.ts';

const run = promisify(execFile);

describe('migration runner on a blank embedded database', () => {
  let pg: Awaited<ReturnType<typeof startPglite>>;
  let sql: postgres.Sql;
  let dir: string;
  beforeAll(async () => {
    pg = await startPglite();
    sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    dir = mkdtempSync(join(tmpdir(), 'max-mig-'));
  });
  afterAll(async () => {
    await sql.end({ timeout: 1 });
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a failing file rolls back entirely and is not recorded; fixing it applies it', async () => {
    writeFileSync(join(dir, '20260101000000_first.sql'), 'create table public.t1 (a int);');
    writeFileSync(
      join(dir, '20260101000100_broken.sql'),
      'create table public.t2 (a int);\ninsert into public.nope values (1);',
    );
    await expect(migrate(sql, dir)).rejects.toThrow(/nope/);
    const rows = await sql`select version from supabase_migrations.schema_migrations order by 1`;
    expect(rows.map((r) => r.version)).toEqual(['20260101000000']);
    const t2 = await sql`select to_regclass('public.t2') as t`;
    expect(t2[0]!.t).toBeNull(); // the half of the broken file that ran was rolled back
    writeFileSync(join(dir, '20260101000100_broken.sql'), 'create table public.t2 (a int);');
    expect(await migrate(sql, dir)).toEqual({
      applied: ['20260101000100_broken.sql'],
      skipped: ['20260101000000_first.sql'],
    });
  });

  it('ignores files that are not named like Supabase migrations', async () => {
    writeFileSync(join(dir, 'notes.sql'), 'this is not sql');
    writeFileSync(join(dir, '2026_bad_name.sql'), 'this is not sql either');
    expect((await migrate(sql, dir)).applied).toEqual([]);
  });

  it('the template cache key follows the migrations’ content', () => {
    const copy = mkdtempSync(join(tmpdir(), 'max-mig-copy-'));
    try {
      for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(copy, f));
      expect(templateKey(copy)).toBe(templateKey(MIGRATIONS_DIR));
      writeFileSync(join(copy, '29990101000000_extra.sql'), 'select 1;');
      expect(templateKey(copy)).not.toBe(templateKey(MIGRATIONS_DIR));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('migrate CLI', () => {
  it('migrates DATABASE_URL, then reports everything as already applied', async () => {
    const pg = await startPglite();
    try {
      const cli = fileURLToPath(new URL('../../src/db/migrate-cli.ts', import.meta.url));
      const env = { ...process.env, DATABASE_URL: pg.url };
      const first = await run('npx', ['tsx', cli], { env, timeout: 60_000 });
      const n = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{14}_.*\.sql$/.test(f)).length;
      expect(first.stdout).toContain(`${n} applied, 0 already applied`);
      const second = await run('npx', ['tsx', cli], { env, timeout: 60_000 });
      expect(second.stdout).toContain(`0 applied, ${n} already applied`);
    } finally {
      await pg.stop();
    }
  }, 90_000);

  it('refuses to run without DATABASE_URL', async () => {
    const cli = fileURLToPath(new URL('../../src/db/migrate-cli.ts', import.meta.url));
    const env = { ...process.env };
    delete env.DATABASE_URL;
    await expect(run('npx', ['tsx', cli], { env, timeout: 60_000 })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('DATABASE_URL is not set'),
    });
  }, 90_000);
});
