/**
 * `npm test`: every suite of the repository, in order, with one closing line of counts.
 * Lint and types first (fast, and a type error makes later failures noise), the console's build
 * (the Worker serves it), then the Node suites (core, stand-ins, database on PGlite — or
 * DATABASE_URL when set), the Worker's suite inside workerd, the agent function under Deno, the
 * offline deploy bundle of the Worker (with the console), and last the console in Chromium on the
 * local stack (skipped, and counted so, where /usr/bin/chromium is missing; CI installs it).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStep, type Step } from './run-steps.ts';

const tmp = mkdtempSync(join(tmpdir(), 'max-test-'));
const offline = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };
const only = process.argv.slice(2);

const steps: Step[] = [
  { name: 'lint', cmd: 'npx', args: ['biome', 'check', '.'] },
  { name: 'types: core', cmd: 'npx', args: ['tsc', '-p', 'packages/core'] },
  { name: 'types: core tests', cmd: 'npx', args: ['tsc', '-p', 'packages/core/tsconfig.test.json'] },
  { name: 'types: sandbox', cmd: 'npx', args: ['tsc', '-p', 'packages/sandbox'] },
  { name: 'types: scripts', cmd: 'npx', args: ['tsc', '-p', 'scripts'] },
  { name: 'types: worker', cmd: 'npx', args: ['tsc', '-p', 'workers/webhook'] },
  { name: 'types: console', cmd: 'npx', args: ['tsc', '-p', 'apps/console'] },
  { name: 'types: console tests', cmd: 'npx', args: ['tsc', '-p', 'apps/console/tsconfig.test.json'] },
  {
    name: 'types: agent function (deno check)',
    cmd: 'npx',
    args: ['deno', 'check', '--quiet', 'supabase/functions/agent/index.ts'],
  },
  { name: 'console build (vite)', cmd: 'npx', args: ['vite', 'build', '--logLevel', 'warn', 'apps/console'] },
  {
    name: 'node suites',
    cmd: 'npx',
    args: [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(tmp, 'node.json')}`,
    ],
    report: join(tmp, 'node.json'),
  },
  {
    name: 'worker suite (workerd)',
    cmd: 'npx',
    args: [
      'vitest',
      'run',
      '--root',
      'workers/webhook',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(tmp, 'worker.json')}`,
    ],
    env: offline,
    report: join(tmp, 'worker.json'),
  },
  {
    name: 'worker bundle (wrangler deploy --dry-run)',
    cmd: 'npx',
    args: [
      'wrangler',
      'deploy',
      '--dry-run',
      '--outdir',
      join(tmp, 'worker-dist'),
      '--config',
      'wrangler.toml',
    ],
    env: offline,
  },
  {
    name: 'browser suite (Chromium, local stack)',
    cmd: 'npx',
    args: [
      'vitest',
      'run',
      '--root',
      'apps/console',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(tmp, 'browser.json')}`,
    ],
    env: offline,
    report: join(tmp, 'browser.json'),
  },
];

const selected = only.length ? steps.filter((s) => only.some((o) => s.name.startsWith(o))) : steps;
let passed = 0;
let failed = 0;
let skipped = 0;
const results = [];
for (const step of selected) {
  const r = await runStep(step);
  results.push(r);
  if (step.report && existsSync(step.report)) {
    const rep = JSON.parse(readFileSync(step.report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed += rep.numPassedTests;
    failed += rep.numFailedTests;
    skipped += rep.numPendingTests + rep.numTodoTests;
    if (!r.ok && rep.numFailedTests === 0) failed++;
  } else {
    if (r.ok) passed++;
    else failed++;
  }
}
console.log('\nSummary');
for (const r of results) console.log(`  ${r.ok ? '✔' : '✘'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
