/**
 * `npm run build:agent`: the agent function as a self-contained Supabase project directory
 * (dist/agent), what `npm run deploy` uploads with `supabase functions deploy`.
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { buildAgent } from './agent-build/build-agent.ts';

try {
  const { dir, entry } = buildAgent();
  console.log(
    `built ${relative(process.cwd(), entry)} (${(statSync(entry).size / 1024).toFixed(0)} KiB) in ${relative(process.cwd(), dir)}`,
  );
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
