import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_SCHEMAS_DIR, migratedFunctionSchemas } from '../../src/db/function-schemas.ts';

/**
 * supabase/schemas/functions/ is what a newcomer reads: one max_* unit per file. It must say what
 * the migrations actually build — a migration that adds or changes a unit without `npm run schemas`
 * fails here, naming the function.
 */
describe('the declarative function files agree with the migrations', () => {
  it('one file per max_* function, each exactly as the migrated database defines, comments and grants it', async () => {
    const built = await migratedFunctionSchemas();
    const onDisk = (await readdir(FUNCTION_SCHEMAS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    expect({ missing: built.map((f) => f.file).filter((f) => !onDisk.includes(f)) }).toEqual({ missing: [] });
    expect({ stale: onDisk.filter((f) => !built.some((b) => b.file === f)) }).toEqual({ stale: [] });
    const drifted: string[] = [];
    for (const f of built)
      if ((await readFile(join(FUNCTION_SCHEMAS_DIR, f.file), 'utf8')) !== f.text) drifted.push(f.name);
    expect({ drifted, fix: 'npm run schemas' }).toEqual({ drifted: [], fix: 'npm run schemas' });
    expect(built.map((f) => f.name)).toContain('max_begin_turn');
  }, 120_000);

  it("each file states the unit's contract and who may run it", async () => {
    for (const f of await migratedFunctionSchemas()) {
      expect({ fn: f.name, comment: /comment on function public\.\w+\(.*\) is\n {2}'/.test(f.text) }).toEqual(
        {
          fn: f.name,
          comment: true,
        },
      );
      expect({ fn: f.name, revoked: f.text.includes(`revoke all on function public.${f.name}(`) }).toEqual({
        fn: f.name,
        revoked: true,
      });
    }
  }, 120_000);
});
