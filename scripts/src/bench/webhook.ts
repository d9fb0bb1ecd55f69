/**
 * Webhook ingress benchmark: the real Worker (wrangler.toml, bundled, in workerd with its queue
 * and rate limits) against a Worker that only answers 200, same load, same client, over 127.0.0.1.
 * Run: npx tsx scripts/src/bench/webhook.ts [requests] [concurrency]  → table + bench/webhook.json
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveWebhookToken } from '@max/core';
import { unstable_startWorker } from 'wrangler';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SECRET = 'bench-webhook-secret-0123456789abcdef0123';
const AGENT_SECRET = 'bench-agent-shared-secret-0123456789abcdef';
const INSTANCE = 1101000001;

export interface Figures {
  p50Ms: number;
  p99Ms: number;
  rps: number;
}
export interface WebhookBench {
  webhook: Figures;
  empty: Figures;
}

type Worker = Awaited<ReturnType<typeof unstable_startWorker>>;

async function start(
  input: Parameters<typeof unstable_startWorker>[0],
): Promise<{ worker: Worker; url: URL }> {
  const worker = await unstable_startWorker({
    ...input,
    sendMetrics: false,
    dev: {
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      watch: false,
      persist: false,
      logLevel: 'error',
    },
  });
  await worker.ready;
  return { worker, url: await worker.url };
}

/**
 * Without its queue consumers: in production the consumer runs in invocations of its own, while
 * here it would share the machine's two cores with the requests measured (the webhook's own
 * `queue.send` stays in the figure).
 */
const withoutConsumers = (toml: string) => {
  let inConsumer = false;
  return toml
    .split('\n')
    .filter((line) => {
      if (line.startsWith('[')) inConsumer = line.trim() === '[[queues.consumers]]';
      return !inConsumer;
    })
    .join('\n');
};

/** The repo's wrangler.toml with absolute paths and limits no benchmark reaches. */
async function benchConfig(dir: string, agentUrl: string): Promise<string> {
  const toml = withoutConsumers(await readFile(join(ROOT, 'wrangler.toml'), 'utf8'))
    .replace(/^main = .*$/m, `main = ${JSON.stringify(join(ROOT, 'workers/webhook/src/index.ts'))}`)
    .replace(/"\.\/(workers\/webhook\/[^"]+)"/g, (_, path: string) => JSON.stringify(join(ROOT, path)))
    .replace(/^\[vars\]$/m, `[vars]\nAGENT_URL = ${JSON.stringify(agentUrl)}`)
    .replace(/^LOG_LEVEL = .*$/m, 'LOG_LEVEL = "error"')
    .replace(/simple = \{ limit = \d+, period = 60 \}/g, 'simple = { limit = 1000000, period = 60 }')
    // The console's build is the Worker's static assets: a webhook never reaches them (and the copy's
    // relative directory would not exist here).
    .replace(/^\[assets\]\n(?:(?!\[).*\n)*/m, '');
  const path = join(dir, 'wrangler.toml');
  await writeFile(path, toml);
  return path;
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

interface Run {
  latencies: number[];
  seconds: number;
  failures: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** One set of figures over several rounds of the same Worker. */
function figuresOf(runs: Run[]): Figures {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((t, r) => t + r.seconds, 0);
  return {
    p50Ms: round2(percentile(latencies, 50)),
    p99Ms: round2(percentile(latencies, 99)),
    rps: Math.round(latencies.length / seconds),
  };
}

async function load(
  url: string,
  bodies: string[],
  headers: Record<string, string>,
  concurrency: number,
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers, body });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) failures++;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
}

export async function benchWebhook(
  opts: { requests?: number; concurrency?: number } = {},
): Promise<WebhookBench> {
  const requests = opts.requests ?? 2000;
  const concurrency = opts.concurrency ?? 20;
  const dir = await mkdtemp(join(tmpdir(), 'max-bench-'));
  const started: Worker[] = [];
  try {
    const emptyEntry = join(dir, 'empty.js');
    await writeFile(emptyEntry, 'export default { fetch() { return new Response("ok"); } };\n');
    const empty = await start({
      name: 'bench-empty',
      entrypoint: emptyEntry,
      compatibilityDate: '2025-09-01',
    });
    started.push(empty.worker);
    // AGENT_URL points at the empty Worker (no consumer runs here: see withoutConsumers).
    const real = await start({
      config: await benchConfig(dir, new URL('/agent', empty.url).href),
      bindings: {
        GREENAPI_WEBHOOK_SECRET: { type: 'plain_text', value: SECRET },
        AGENT_SHARED_SECRET: { type: 'plain_text', value: AGENT_SECRET },
      },
    });
    started.push(real.worker);

    const token = await deriveWebhookToken(SECRET, INSTANCE);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const bodies = Array.from({ length: requests }, (_, i) =>
      JSON.stringify({
        typeWebhook: 'incomingMessageReceived',
        instanceData: { idInstance: INSTANCE, wid: '33612345678@c.us', typeInstance: 'whatsapp' },
        timestamp: 1703014480,
        idMessage: `BENCH-${i}`,
        senderData: { chatId: `336${String(i % 500).padStart(8, '0')}@c.us`, senderName: 'Bench' },
        messageData: { typeMessage: 'textMessage', textMessageData: { textMessage: `crée un lead ${i}` } },
      }),
    );
    const webhookUrl = new URL('/webhooks/greenapi', real.url).href;
    // Warm both isolates so neither figure includes a cold start.
    await load(webhookUrl, bodies.slice(0, 20), headers, 5);
    await load(empty.url.href, bodies.slice(0, 20), headers, 5);
    // Alternating rounds: neither Worker is always the one measured while the machine is warmer.
    const rounds = 4;
    const per = Math.ceil(bodies.length / rounds);
    const runs = { webhook: [] as Run[], empty: [] as Run[] };
    for (let r = 0; r < rounds; r++) {
      const part = bodies.slice(r * per, (r + 1) * per);
      const order = r % 2 ? (['empty', 'webhook'] as const) : (['webhook', 'empty'] as const);
      for (const which of order)
        runs[which].push(
          await load(which === 'webhook' ? webhookUrl : empty.url.href, part, headers, concurrency),
        );
    }
    const failures = runs.webhook.reduce((n, x) => n + x.failures, 0);
    if (failures > 0) throw new Error(`${failures} webhook requests did not answer 200`);
    return { webhook: figuresOf(runs.webhook), empty: figuresOf(runs.empty) };
  } finally {
    for (const w of started.reverse()) await w.dispose().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // Offline, and no per-batch queue lines in the table's way.
  process.env.WRANGLER_LOG ??= 'error';
  process.env.WRANGLER_SEND_METRICS ??= 'false';
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
  const [requests, concurrency] = process.argv.slice(2).map(Number);
  const opts = { requests: requests || 2000, concurrency: concurrency || 20 };
  const result = await benchWebhook(opts);
  console.table({ webhook: result.webhook, 'empty worker': result.empty });
  await mkdir(join(ROOT, 'bench'), { recursive: true });
  const out = { ...opts, measuredAt: new Date().toISOString(), ...result };
  await writeFile(join(ROOT, 'bench/webhook.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log('wrote bench/webhook.json');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
