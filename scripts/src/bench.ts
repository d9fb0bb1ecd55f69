/** `npm run bench`: figures, not pass/fail. Prints a table and writes bench/results.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEndToEnd } from './bench/end-to-end.ts';
import { benchModel, benchPipeline } from './bench/pipeline.ts';
import { benchWebhook } from './bench/webhook.ts';
import { ROOT } from './stack/start-stack.ts';

const quick = process.argv.includes('--quick');
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  node: process.version,
  machine: `${(await import('node:os')).cpus().length} cores`,
};

console.log('webhook in workerd…');
results.webhook = await benchWebhook({ requests: quick ? 300 : 2000, concurrency: 20 });
console.log('pipeline overhead…');
results.pipeline = await benchPipeline(quick ? 35 : 210);
console.log('model calls and prompt tokens…');
results.model = await benchModel();
console.log('end to end…');
results.endToEnd = await benchEndToEnd(quick ? 10 : 60);

const w = results.webhook as { webhook: Record<string, number>; empty: Record<string, number> };
const p = results.pipeline as Record<string, number>;
const m = results.model as Record<string, number>;
const e = results.endToEnd as Record<string, number>;
console.table({
  'webhook (workerd)': { p50Ms: w.webhook.p50Ms, p99Ms: w.webhook.p99Ms, rps: w.webhook.rps },
  'empty Worker (workerd)': {
    p50Ms: w.empty.p50Ms,
    p99Ms: w.empty.p99Ms,
    rps: w.empty.rps,
  },
  'pipeline per message': { p50Ms: p.p50Ms, p95Ms: p.p95Ms, dbRoundTrips: p.dbRoundTripsPerMessage },
  'model per message': { calls: m.modelCallsPerMessage, promptTokens: m.promptTokensPerMessage },
  'end to end': { messages: e.messages, replies: e.replies, msgPerSec: e.messagesPerSecond },
});
mkdirSync(join(ROOT, 'bench'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('written: bench/results.json');
process.exit(0);
