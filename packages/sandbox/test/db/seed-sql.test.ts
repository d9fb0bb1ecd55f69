import { readFileSync } from 'node:fs';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  DEMO_TENANT,
  demoSeedSql,
  seedDemo,
  supabaseSeedFile,
  type TestDatabase,
} from '../../src/db/index.ts';

const SEED_FILE = new URL('../../../../supabase/seed.sql', import.meta.url);

/** What a seed leaves: every column of the demo rows except the clocks. */
async function demoRows(sql: Sql) {
  const tenants = await sql`select * from tenants where id = ${DEMO_TENANT.id}`;
  const senders = await sql`
    select tenant_id, chat_id, role, display_name from whatsapp_senders
     where tenant_id = ${DEMO_TENANT.id} order by chat_id`;
  return {
    tenants: tenants.map(({ created_at, updated_at, ...rest }) => rest),
    senders: [...senders],
  };
}

describe('supabase/seed.sql and the TypeScript demo seed', () => {
  let fromFile: TestDatabase;
  let fromCode: TestDatabase;
  beforeAll(async () => {
    [fromFile, fromCode] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(() => Promise.all([fromFile?.close(), fromCode?.close()]));

  it('the committed seed.sql is what npm run build:seed writes (regenerate it when the seed changes)', () => {
    expect(readFileSync(SEED_FILE, 'utf8')).toBe(supabaseSeedFile());
  });

  it('seed.sql, applied as supabase db reset does, leaves the same rows as seedDemo(); twice changes nothing', async () => {
    const file = readFileSync(SEED_FILE, 'utf8');
    await fromFile.admin.unsafe(file);
    const once = await demoRows(fromFile.admin);
    await fromFile.admin.unsafe(file);
    await seedDemo(fromCode.admin);
    const code = await demoRows(fromCode.admin);
    expect(once.tenants).toHaveLength(1);
    expect(once.senders.map((s) => s.role)).toEqual(['admin', 'member']);
    expect(await demoRows(fromFile.admin)).toEqual(once);
    expect(code).toEqual(once);
  });

  it('a value holding quotes is stored as written, never run as SQL', async () => {
    const url = "http://127.0.0.1:8090/x'); drop table public.tenants; --";
    await seedDemo(fromCode.admin, { crmBaseUrl: url, llmModel: "o'brien" });
    const [t] =
      await fromCode.admin`select crm_base_url, llm_model from tenants where id = ${DEMO_TENANT.id}`;
    expect(t).toEqual({ crm_base_url: url, llm_model: "o'brien" });
    expect(demoSeedSql({ crmBaseUrl: url })).toContain("x''); drop table");
  });

  it('a NUL byte in a value is refused before any SQL is written', () => {
    expect(() => demoSeedSql({ crmBaseUrl: 'http://a\0b' })).toThrow(/NUL/);
  });
});
