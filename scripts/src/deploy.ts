/**
 * `npm run deploy [-- --dry-run] [-- --skip-tests]`: the checks (tests, the agent's bundle, the
 * production Worker's dry run, the pending migrations), then with the user's own credentials the
 * database migrations, the agent function and the Worker. Reads SUPABASE_PROJECT_REF,
 * SUPABASE_DB_URL, SUPABASE_ACCESS_TOKEN, CLOUDFLARE_API_TOKEN (and optionally AGENT_URL,
 * SUPABASE_URL); refuses, with every reason at once, before running anything.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Command, deployPlan, printable } from './deploy/plan.ts';
import { ROOT } from './stack/start-stack.ts';

let values: { 'dry-run'?: boolean; 'skip-tests'?: boolean };
try {
  ({ values } = parseArgs({
    options: { 'dry-run': { type: 'boolean' }, 'skip-tests': { type: 'boolean' } },
  }));
} catch (e) {
  console.error(`${(e as Error).message} (use --dry-run, --skip-tests)`);
  process.exit(2);
}
const plan = deployPlan(process.env, {
  dryRun: values['dry-run'] ?? false,
  skipTests: values['skip-tests'] ?? false,
  outDir: mkdtempSync(join(tmpdir(), 'max-deploy-worker-')),
});
if ('problems' in plan) {
  console.error('npm run deploy: nothing was run');
  for (const p of plan.problems) console.error(`  ✘ ${p}`);
  process.exit(2);
}

const run = (c: Command) => {
  console.log(`\n▶ ${c.label}: ${printable(c)}`);
  const r = spawnSync(c.cmd, c.args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', SUPABASE_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) {
    console.error(`\n✘ ${c.label} failed (exit ${r.status ?? r.signal}): nothing after it was run`);
    process.exit(1);
  }
};

console.log(`MAX deploy — agent ${plan.agentUrl}${plan.deploys.length ? '' : ' (dry run: checks only)'}`);
for (const c of plan.checks) run(c);
for (const c of plan.deploys) run(c);
console.log(
  plan.deploys.length
    ? `\n✔ deployed: database, agent function (${plan.agentUrl}), Worker (env production)`
    : '\n✔ every check passed; nothing was deployed (--dry-run)',
);
