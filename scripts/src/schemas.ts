/**
 * `npm run schemas`: writes supabase/schemas/functions/<name>.sql for every max_* function, as the
 * migrations leave it (definition, comment, grants), and removes the files of functions that are
 * gone. Run it after a migration that adds or changes a max_* function; the drift test
 * (packages/sandbox/test/db/function-schemas.test.ts) fails until you do.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FUNCTION_SCHEMAS_DIR, migratedFunctionSchemas } from '@max/sandbox';

const files = await migratedFunctionSchemas();
await mkdir(FUNCTION_SCHEMAS_DIR, { recursive: true });
const keep = new Set(files.map((f) => f.file));
for (const name of await readdir(FUNCTION_SCHEMAS_DIR))
  if (name.endsWith('.sql') && !keep.has(name)) await rm(join(FUNCTION_SCHEMAS_DIR, name));
for (const f of files) await writeFile(join(FUNCTION_SCHEMAS_DIR, f.file), f.text);
console.log(`✔ ${files.length} function file(s) in supabase/schemas/functions/`);
