/**
 * `npm run build:seed`: writes supabase/seed.sql (the demo tenant for `supabase db reset`) from
 * the same source as the TypeScript seed; `-- --check` only says whether the file is current.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { supabaseSeedFile } from '@max/sandbox';
import { ROOT } from './stack/start-stack.ts';

const path = join(ROOT, 'supabase/seed.sql');
const want = supabaseSeedFile();
const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
if (process.argv.includes('--check')) {
  if (current !== want) {
    console.error('supabase/seed.sql is stale: run npm run build:seed');
    process.exit(1);
  }
  console.log('supabase/seed.sql is current');
} else if (current === want) console.log('supabase/seed.sql unchanged');
else {
  writeFileSync(path, want);
  console.log('written: supabase/seed.sql');
}
