/**
 * `npm test`: every suite of the repository, in order, with one closing line of counts.
 * Lint, import circles and types first (fast, and a type error makes later failures noise), the console's build
 * (the Worker serves it), then the Node suites (core, stand-ins, database on PGlite — or
 * DATABASE_URL when set), the Worker's suite inside workerd, the agent function under Deno, the
 * offline deploy bundle of the Worker (with the console), and last the console in Chromium on the
 * local stack (skipped, and counted so, where /usr/bin/chromium is missing; CI installs it).
 * Every step is bounded (generous: two runs at once on two busy cores must fit): a stuck step is
 * stopped with its name, whatever it started is killed, and the summary still prints.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interrupted, runStep, type Step } from './run-steps.ts';

const tmp = mkdtempSync(join(tmpdir(), 'max-test-'));
const offline = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };
const only = process.argv.slice(2);
const min = 60_000;
/** Where the circle check looks: every workspace and the Deno function. */
const CIRCLE_CHECKED = ['packages', 'workers', 'apps', 'scripts', 'supabase/functions'];

const steps: Step[] = [
  { name: 'lint', cmd: 'npx', args: ['biome', 'check', '.'], timeoutMs: 3 * min },
  {
    // No import circle, type-only imports included, in any workspace (.dependency-cruiser.cjs).
    name: 'import circles (dependency-cruiser)',
    cmd: 'npx',
    args: ['depcruise', ...CIRCLE_CHECKED, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    timeoutMs: 3 * min,
  },
  { name: 'types: core', cmd: 'npx', args: ['tsc', '-p', 'packages/core'], timeoutMs: 5 * min },
  {
    name: 'types: core tests',
    cmd: 'npx',
    args: ['tsc', '-p', 'packages/core/tsconfig.test.json'],
    timeoutMs: 5 * min,
  },
  { name: 'types: sandbox', cmd: 'npx', args: ['tsc', '-p', 'packages/sandbox'], timeoutMs: 5 * min },
  { name: 'types: scripts', cmd: 'npx', args: ['tsc', '-p', 'scripts'], timeoutMs: 5 * min },
  { name: 'types: worker', cmd: 'npx', args: ['tsc', '-p', 'workers/webhook'], timeoutMs: 5 * min },
  { name: 'types: console', cmd: 'npx', args: ['tsc', '-p', 'apps/console'], timeoutMs: 5 * min },
  {
    name: 'types: console tests',
    cmd: 'npx',
    args: ['tsc', '-p', 'apps/console/tsconfig.test.json'],
    timeoutMs: 5 * min,
  },
  {
    name: 'types: agent function (deno check)',
    cmd: 'npx',
    args: ['deno', 'check', '--quiet', 'supabase/functions/agent/index.ts'],
    timeoutMs: 5 * min,
  },
  {
    name: 'console build (vite)',
    cmd: 'npx',
    args: ['vite', 'build', '--logLevel', 'warn', 'apps/console'],
    timeoutMs: 5 * min,
  },
  {
    // The JSON report is asked through the config (MAX_TEST_JSON): reporters given on the command
    // line would replace the config's, and with them the per-file bound.
    name: 'node suites',
    cmd: 'npx',
    args: ['vitest', 'run'],
    env: { MAX_TEST_JSON: join(tmp, 'node.json') },
    report: join(tmp, 'node.json'),
    timeoutMs: 30 * min,
  },
  {
    name: 'worker suite (workerd)',
    cmd: 'npx',
    args: ['vitest', 'run', '--root', 'workers/webhook'],
    env: { ...offline, MAX_TEST_JSON: join(tmp, 'worker.json') },
    report: join(tmp, 'worker.json'),
    timeoutMs: 8 * min,
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
    timeoutMs: 5 * min,
  },
  {
    name: 'browser suite (Chromium, local stack)',
    cmd: 'npx',
    args: ['vitest', 'run', '--root', 'apps/console'],
    env: { ...offline, MAX_TEST_JSON: join(tmp, 'browser.json') },
    report: join(tmp, 'browser.json'),
    timeoutMs: 8 * min,
  },
];

const selected = only.length ? steps.filter((s) => only.some((o) => s.name.startsWith(o))) : steps;
let passed = 0;
let failed = 0;
let skipped = 0;
const results = [];
for (const step of selected) {
  if (interrupted()) break;
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
for (const r of results) {
  const why = r.timedOut ? ', stopped at its bound' : '';
  console.log(`  ${r.ok ? '✔' : '✘'} ${r.name} (${(r.ms / 1000).toFixed(1)} s${why})`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
