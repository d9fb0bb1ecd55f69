/**
 * `npm run chaos [-- --quick] [-- --only 1,4]`: the fault tables of issues 12 and 19 against the
 * local stack (the Worker under wrangler dev with its local queue and its cron fired for real
 * through wrangler's scheduled trigger, the Deno agent, a fresh database on a real PostgreSQL server, the stand-ins). Each
 * scenario proves its faults met work in flight and counts, message by message, CRM writes and
 * WhatsApp replies; one line each, bench/chaos.json, exit 1 if a fault was never applied, or
 * anything is lost, repeated, stuck, out of order or recovers in more than 60 s.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAppError } from '@max/core';
import postgres from 'postgres';
import { createChaosDatabase, DEFAULT_SERVER_URL, redact } from './chaos/database.ts';
import { createHarness } from './chaos/harness.ts';
import { parseChaosArgs } from './chaos/options.ts';
import { chaosJson, headerLine, scenarioLine } from './chaos/report.ts';
import { runScenarios } from './chaos/run.ts';
import { SCENARIOS } from './chaos/scenarios/index.ts';
import { freeStackPorts } from './stack/ports.ts';
import { ROOT, type Stack, startStack } from './stack/start-stack.ts';

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

let opts: ReturnType<typeof parseChaosArgs>;
try {
  opts = parseChaosArgs(process.argv.slice(2));
} catch (e) {
  fail(isAppError(e) ? e.message : String(e));
}
// With ESPO_URL (and ESPO_API_KEY) the CRM is that real EspoCRM behind an HTTP fault proxy.
if (process.env.ESPO_URL && !process.env.ESPO_API_KEY)
  fail('npm run chaos with ESPO_URL needs ESPO_API_KEY too (the API user the demo tenant acts as)');
// The suite is written for the rules engine (deterministic commands); a model key would be ignored anyway.
delete process.env.OPENAI_API_KEY;

const mode = opts!.quick ? 'quick' : 'full';
const scenarios = SCENARIOS.filter((s) => !opts!.only || opts!.only.includes(s.n));
// Letters only: it is part of every marker, and digits in a message can read as a phone number.
const run = Array.from(randomBytes(4), (b) => String.fromCharCode(97 + (b % 26))).join('');
const started = new Date();
const say = (line: string) =>
  console.log(`[chaos +${((Date.now() - started.getTime()) / 1000).toFixed(0)}s] ${line}`);

const server = process.env.DATABASE_URL ?? DEFAULT_SERVER_URL;
const logDir = mkdtempSync(join(tmpdir(), `max-chaos-${run}-`));
const logs = {
  agent: createWriteStream(join(logDir, 'agent.log')),
  worker: createWriteStream(join(logDir, 'worker.log')),
};
console.log(
  `MAX fault suite — ${mode} mode, scenarios ${scenarios.map((s) => s.n).join(',')}; PostgreSQL ${redact(server)}; EspoCRM ${process.env.ESPO_URL ? `${process.env.ESPO_URL} behind a fault proxy` : 'stand-in'}; logs in ${logDir}`,
);

let db: Awaited<ReturnType<typeof createChaosDatabase>>;
try {
  db = await createChaosDatabase(server);
} catch (e) {
  fail(isAppError(e) ? e.message : String(e));
}
let stack: Stack | null = null;
let admin: postgres.Sql | null = null;
let stopping = false;
const cleanup = async () => {
  if (stopping) return;
  stopping = true;
  await admin?.end({ timeout: 1 }).catch(() => {});
  await stack?.stop().catch(() => {});
  if (opts!.keepDb) console.log(`database kept: ${redact(db!.url)}`);
  await (opts!.keepDb ? db!.release() : db!.drop()).catch((e) =>
    console.error(`could not drop ${db!.name}: ${(e as Error).message}`),
  );
};
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    void cleanup().then(() => process.exit(130));
  });

let exitCode = 1;
let backstopRuns = 0;
let workerReloads = 0;
const agentEvents = new Map<string, number>();
try {
  say(`database ${db!.name}; starting the stack on free ports`);
  stack = await startStack({
    quiet: true,
    ports: await freeStackPorts(),
    databaseUrl: db!.url,
    dbProxy: true,
    crmFaults: true,
    superviseAgent: true,
    // Other work in the tree must not reload the Worker (and drop its queue) mid-run.
    frozenWorker: true,
    onLine: (component, line) => {
      logs[component].write(`${new Date().toISOString()} ${line}\n`);
      if (component === 'agent') {
        const event = /"event":"([a-z_.]+)"/.exec(line)?.[1];
        if (event) agentEvents.set(event, (agentEvents.get(event) ?? 0) + 1);
        // Each backstop run ends with one backstop.done line: only the run's own firings may cause one.
        if (event === 'backstop.done') backstopRuns++;
      }
      // A reload of wrangler dev empties its local queue: the run's counts would mean nothing.
      if (component === 'worker' && line.includes('Reloading local server')) workerReloads++;
    },
  });
  admin = postgres(db!.url, { max: 2, onnotice: () => {} });
  const h = createHarness({ stack, admin, quick: opts!.quick, run, say, agentEvents });
  say(
    `stack up: Worker ${stack.urls.worker}, agent ${stack.urls.agent} (database through a proxy on :${stack.dbProxy?.port})`,
  );
  const results = await runScenarios(h, scenarios, opts!.quick ? 10_000 : 20_000);
  const durationS = Math.round((Date.now() - started.getTime()) / 1000);
  console.log(`\nMAX fault suite — ${mode} mode — ${durationS} s`);
  console.log(headerLine());
  for (const r of results) console.log(scenarioLine(r));
  // Each scenario's problems, message by message (all of them are in bench/chaos.json).
  for (const r of results) {
    for (const p of r.tally.problems.slice(0, 10))
      console.log(`  ${r.n}. ${p.idMessage} ${p.problem}: ${p.detail}`);
    for (const u of r.tally.unexpectedReplies.slice(0, 5)) console.log(`  ${r.n}. unexpected reply: ${u}`);
  }
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  const report = {
    ...chaosJson({ mode, startedAt: started, durationS, database: 'postgresql', logs: logDir, results }),
    cronFired: h.cronFires(),
    backstopRuns,
    workerReloads,
  };
  // Recovery after a fault must come from the queue's own retries: the backstop runs only when a
  // row fires the cron (the lost-webhook rows and the long run), never on its own.
  console.log(
    `cron: fired ${h.cronFires()} time(s) by the rows that need it; the backstop ran ${backstopRuns} time(s)`,
  );
  const strayBackstop = backstopRuns > h.cronFires();
  if (strayBackstop)
    console.log('the backstop ran more often than the cron was fired: recovery did not come from the queue');
  if (workerReloads)
    console.log(
      `the Worker reloaded ${workerReloads} time(s) during the run: its queue was reset, the counts are void`,
    );
  if (strayBackstop || workerReloads) report.ok = false;
  writeFileSync(join(ROOT, 'bench/chaos.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: bench/chaos.json; agent and Worker logs: ${logDir}`);
  exitCode = report.ok ? 0 : 1;
} catch (e) {
  console.error('fault suite failed:', isAppError(e) ? e.message : e);
} finally {
  await cleanup();
  logs.agent.end();
  logs.worker.end();
}
process.exit(exitCode);
