import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, MIGRATIONS_DIR, migrate, type TestDatabase } from '@max/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { supportedRegions } from '../../src/index.ts';

const MINE = '20261201090000_default_country_regions.sql';
const sqlText = readFileSync(join(MIGRATIONS_DIR, MINE), 'utf8');

/** A migrations folder with everything before this migration, and optionally this one. */
function migrationsUpTo(includeMine: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'max-migrations-'));
  for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{14}_.+\.sql$/.test(f) && f <= MINE))
    if (includeMine || f !== MINE) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
  return dir;
}

const tenant = (db: TestDatabase, id: string, country: string, instance: string) =>
  db.admin`insert into tenants (id, name, default_country, green_api_instance_id, green_api_url, crm_base_url)
           values (${id}, ${id}, ${country}, ${instance}, 'https://1101.api.green-api.com', 'https://crm.example.com')`;

const rejection = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return String((e as Error).message);
  }
  return 'accepted';
};

describe('default_country is a real region code (real SQL)', { timeout: 90_000 }, () => {
  // The databases start migrated up to the one before (one cached template), then get this one.
  const before = migrationsUpTo(false);
  const withMine = migrationsUpTo(true);
  const dirs: string[] = [before, withMine];
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("the migration's list is exactly the regions libphonenumber-js supports", () => {
    const body = sqlText.slice(sqlText.indexOf('array['), sqlText.indexOf(']::text[]'));
    const codes = [...body.matchAll(/'([A-Z]{2})'/g)].map((m) => m[1]);
    expect(codes).toEqual(supportedRegions().slice().sort());
  });

  it("applies to existing rows ('FR'), then refuses any two letters that are not a region", async () => {
    const db = await createTestDatabase({ migrationsDir: before });
    dbs.push(db);
    await tenant(db, 'acme', 'FR', '1101000001');
    expect((await migrate(db.admin, withMine)).applied).toEqual([MINE]);
    const [row] = await db.admin`select default_country from tenants where id = 'acme'`;
    expect(row).toEqual({ default_country: 'FR' });

    for (const bad of ['ZZ', 'XX', 'UK', 'fr'])
      expect(await rejection(tenant(db, `bad-${bad.toLowerCase()}`, bad, '1101000009'))).toMatch(
        /check constraint/,
      );
    expect(await rejection(db.admin`update tenants set default_country = 'ZZ' where id = 'acme'`)).toMatch(
      /tenants_default_country_region/,
    );
    await tenant(db, 'belge', 'BE', '1101000002');
    await tenant(db, 'reunion', 'RE', '1101000003');
    expect((await db.admin`select count(*)::int as n from tenants`)[0]).toEqual({ n: 3 });
  });

  it('an existing tenant with an unsupported country stops the migration and is named', async () => {
    const db = await createTestDatabase({ migrationsDir: before });
    dbs.push(db);
    await tenant(db, 'legacy', 'ZZ', '1101000004');
    expect(await rejection(migrate(db.admin, withMine))).toMatch(
      /unsupported default_country: legacy \(ZZ\)/,
    );
    // Nothing of it was applied: the transaction rolled back.
    expect(await rejection(db.admin`select public.is_phone_region('FR')`)).toMatch(/does not exist/);
  });
});
