import { resolve } from 'node:path';
import { deriveWebhookToken } from '@max/core';
import { incomingText } from '@max/sandbox';
import { Miniflare } from 'miniflare';
import { unstable_startWorker } from 'wrangler';
import { load, summarize } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const SECRET = 'bench-webhook-secret-0123456789abcdef0123';

/**
 * The webhook's answer time in workerd (the real Worker, its queue and rate limits) beside a
 * Worker that only returns 200, over the same number of requests on loopback.
 */
export async function benchWebhook(requests = 2000, concurrency = 20) {
  const worker = await unstable_startWorker({
    config: resolve(ROOT, 'wrangler.toml'),
    dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, logLevel: 'none' },
    bindings: {
      GREENAPI_WEBHOOK_SECRET: { type: 'plain_text', value: SECRET },
      AGENT_SHARED_SECRET: { type: 'plain_text', value: 'bench-agent-secret-0123456789abcdef0123' },
      // The consumer forwards to a closed port: the answer time is the webhook's alone.
      AGENT_URL: { type: 'plain_text', value: 'http://127.0.0.1:9/agent' },
    },
  });
  await worker.ready;
  const url = new URL('/webhooks/greenapi', await worker.url).toString();
  const token = await deriveWebhookToken(SECRET, '1101000001');
  // Many chats so the per-chat limit (20/min) is not what is measured; the instance limit is.
  const bodies = Array.from({ length: requests }, (_, i) =>
    JSON.stringify(
      incomingText({
        idInstance: '1101000001',
        chatId: `336${String(10_000_000 + i)}@c.us`,
        text: 'crée un lead Bench',
        idMessage: `BENCH-${i}`,
      }),
    ),
  );
  const run = await load(requests, concurrency, async (i) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: bodies[i],
    });
    await res.arrayBuffer();
  });
  await worker.dispose();

  const empty = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response("ok"); } }',
    host: '127.0.0.1',
    port: 0,
  });
  const emptyUrl = (await empty.ready).toString();
  const base = await load(requests, concurrency, async (i) => {
    const res = await fetch(emptyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodies[i],
    });
    await res.arrayBuffer();
  });
  await empty.dispose();
  return {
    requests,
    concurrency,
    webhook: summarize(run.samples, run.wallMs),
    emptyWorker: summarize(base.samples, base.wallMs),
  };
}
