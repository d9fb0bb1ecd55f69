/**
 * `npm run bench`: figures, not pass/fail. Prints a table and writes bench/results.json.
 *   --quick           fewer messages
 *   --db <url>        also run end to end on that PostgreSQL server (default: DATABASE_URL; a fresh
 *                     database is created there and dropped)
 *   --only storage    only the storage part: bytes stored and statements per message, metering on
 *                     and off (bench/storage.json; on --db's server when given)
 *   --only import     only the spreadsheet import: a 5,000-row CSV and XLSX parsed, then imported
 *                     through the pipeline; time and memory (bench/import.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchBundles } from './bench/bundles.ts';
import { benchColdStart, type ColdStart } from './bench/cold-start.ts';
import { benchEndToEnd, benchLoneCommand } from './bench/end-to-end.ts';
import { benchImport } from './bench/import.ts';
import { benchModel, benchOrdering, benchPipeline } from './bench/pipeline.ts';
import { benchStorage } from './bench/storage.ts';
import { benchWebhook } from './bench/webhook.ts';
import { createChaosDatabase } from './chaos/database.ts';
import { freeStackPorts } from './stack/ports.ts';
import { ROOT, type Stack, startStack } from './stack/start-stack.ts';

const { values } = parseArgs({
  options: { quick: { type: 'boolean' }, db: { type: 'string' }, only: { type: 'string' } },
});
const quick = values.quick ?? false;
const serverUrl = values.db ?? process.env.DATABASE_URL;
delete process.env.DATABASE_URL; // the PGlite figures are PGlite's; the server run is explicit below
process.env.WRANGLER_LOG ??= 'error';
process.env.WRANGLER_SEND_METRICS ??= 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

if (values.only === 'import') {
  const imported = await benchImport(quick ? 1000 : 5000);
  console.log(JSON.stringify(imported, null, 2));
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench/import.json'),
    `${JSON.stringify({ at: new Date().toISOString(), imported }, null, 2)}\n`,
  );
  console.log('written: bench/import.json');
  process.exit(0);
}

if (values.only === 'storage') {
  // On the server when given: PGlite runs in this process and its CPU would be counted as the agent's.
  const db = values.db ? await createChaosDatabase(values.db) : null;
  if (db) process.env.DATABASE_URL = db.url;
  try {
    const storage = await benchStorage(quick ? 70 : 150);
    console.log(JSON.stringify(storage, null, 2));
    mkdirSync(join(ROOT, 'bench'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench/storage.json'),
      `${JSON.stringify({ at: new Date().toISOString(), storage }, null, 2)}\n`,
    );
    console.log('written: bench/storage.json');
  } finally {
    await db?.drop();
  }
  process.exit(0);
}

const CHATS = 20;
// The end-to-end load stays under the Worker's flood guard (RL_INSTANCE, 200 a minute for one
// instance) with the lone commands of the same minute: over it, messages wait 60 s by design.

const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  node: process.version,
  machine: `${(await import('node:os')).cpus().length} cores`,
  quick,
};

async function onStack<T>(databaseUrl: string | undefined, run: (s: Stack) => Promise<T>): Promise<T> {
  // One extra sender (index CHATS) is the lone-command chat.
  const stack = await startStack({
    quiet: true,
    extraSenders: CHATS + 1,
    ports: await freeStackPorts(),
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  try {
    return await run(stack);
  } finally {
    await stack.stop();
  }
}

console.log('bundles…');
results.bundles = benchBundles();
console.log('agent cold start (fresh Deno processes)…');
results.agentColdStart = await benchColdStart(quick ? 3 : 10);
console.log('webhook in workerd…');
results.webhook = await benchWebhook({ requests: quick ? 300 : 2000, concurrency: 20 });
console.log('pipeline overhead and database round trips…');
results.pipeline = await benchPipeline(quick ? 35 : 210);
results.ordering = await benchOrdering(quick ? 5 : 10);
console.log('storage and metering per message…');
results.storage = await benchStorage(quick ? 70 : 150);
console.log('spreadsheet import…');
results.import = await benchImport(quick ? 1000 : 5000);
console.log('model calls and prompt tokens…');
results.model = await benchModel();
console.log('end to end on PGlite…');
results.endToEnd = await onStack(undefined, async (s) => ({
  loneCommand: await benchLoneCommand(s, quick ? 10 : 20),
  load: await benchEndToEnd(s, quick ? 40 : 160, CHATS),
}));
if (serverUrl) {
  console.log('end to end on PostgreSQL…');
  const db = await createChaosDatabase(serverUrl);
  try {
    results.endToEndPostgres = await onStack(db.url, async (s) => ({
      loneCommand: await benchLoneCommand(s, quick ? 10 : 20),
      load: await benchEndToEnd(s, quick ? 40 : 160, CHATS),
    }));
  } finally {
    await db.drop();
  }
}

type E2E = { loneCommand: Record<string, number>; load: Record<string, number> };
const b = results.bundles as { worker: Record<string, number>; agent: Record<string, number> };
const w = results.webhook as { webhook: Record<string, number>; empty: Record<string, number> };
const p = results.pipeline as Record<string, number> & { dbRoundTripsPerStage: Record<string, number> };
const o = results.ordering as Record<string, number>;
const m = results.model as Record<string, number>;
const c = results.agentColdStart as ColdStart;
const e = results.endToEnd as E2E;
const pgRun = results.endToEndPostgres as E2E | undefined;
const ratio = Math.round((w.webhook.p50Ms! / w.empty.p50Ms!) * 100) / 100;
results.webhookP50Ratio = ratio;
console.table({
  'Worker bundle': { KiB: b.worker.kib, gzipKiB: b.worker.gzipKib },
  'agent bundle': { KiB: b.agent.kib, gzipKiB: b.agent.gzipKib },
  'agent cold start (fresh Deno → listening)': { p50Ms: c.listeningMs.p50, maxMs: c.listeningMs.max },
  'agent cold start (→ first message answered)': { p50Ms: c.firstMessageMs.p50, maxMs: c.firstMessageMs.max },
  'agent warm message (same process)': { p50Ms: c.warmMessageMs.p50, maxMs: c.warmMessageMs.max },
  'webhook (workerd)': {
    p50Ms: w.webhook.p50Ms,
    p99Ms: w.webhook.p99Ms,
    rps: w.webhook.rps,
    vsEmptyP50: ratio,
  },
  'empty Worker (workerd)': { p50Ms: w.empty.p50Ms, p99Ms: w.empty.p99Ms, rps: w.empty.rps },
  'pipeline per message': { p50Ms: p.p50Ms, p95Ms: p.p95Ms, dbRoundTrips: p.dbRoundTripsPerMessage },
  'simple command (create)': {
    dbRoundTrips: p.dbRoundTripsSimpleCommand,
    withSettle: o.loneCommandRoundTrips,
  },
  'ordering (per waiting message)': { extraQueries: o.extraQueriesWhileWaiting },
  // The agent against a scripted model: its calls and what it sends, counted in o200k_base tokens.
  'model per message (scripted model)': {
    calls: m.modelCallsPerMessage,
    maxCalls: m.maxModelCalls,
    promptTokensO200k: m.promptTokensPerMessage,
    maxPromptTokensO200k: m.maxPromptTokens,
  },
  'tools offered per message': { mean: m.toolsOfferedPerMessage, of: m.toolsInAll },
  'lone command, PGlite': { p50Ms: e.loneCommand.p50Ms, p95Ms: e.loneCommand.p95Ms },
  'end to end, PGlite': {
    msgPerSec: e.load.messagesPerSecond,
    p50Ms: e.load.p50Ms,
    p95Ms: e.load.p95Ms,
    replies: e.load.replies,
  },
  ...(pgRun
    ? {
        'lone command, PostgreSQL': { p50Ms: pgRun.loneCommand.p50Ms, p95Ms: pgRun.loneCommand.p95Ms },
        'end to end, PostgreSQL': {
          msgPerSec: pgRun.load.messagesPerSecond,
          p50Ms: pgRun.load.p50Ms,
          p95Ms: pgRun.load.p95Ms,
          replies: pgRun.load.replies,
        },
      }
    : {}),
});
console.log('database round trips per message, by stage:', p.dbRoundTripsPerStage);
console.log(`prompt tokens: ${(results.model as { promptTokensMethod: string }).promptTokensMethod}`);
mkdirSync(join(ROOT, 'bench'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('written: bench/results.json');
process.exit(0);
