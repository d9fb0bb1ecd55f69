import type { Stack } from '../stack/start-stack.ts';
import { benchSender } from '../stack/start-stack.ts';
import { webhookClient } from '../stack/webhook-client.ts';
import { percentile } from './stats.ts';

/** A reply as the Green-API stand-in recorded it (when it was sent). */
interface Sent {
  chatId: string;
  message: string;
  at: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Messages per second and per-message latency (webhook posted → reply sent) through the whole
 * local stack: webhook → Worker → Queue → Deno agent → database → stand-ins. `chats` senders, each
 * writing one message every 5 s of WhatsApp time (separate requests, not bursts).
 */
export async function benchEndToEnd(stack: Stack, messages: number, chats = 20) {
  const wa = webhookClient(stack.urls, stack.demo.webhookToken, stack.demo.idInstance);
  const since = (await wa.sent()).length;
  const postedAt = new Map<string, number>();
  const tag = Date.now().toString(36);
  const started = Date.now();
  const t0 = Math.floor(started / 1000);
  await Promise.all(
    Array.from({ length: messages }, async (_, i) => {
      const email = `flux${i}-${tag}@bench.test`;
      postedAt.set(email, Date.now());
      const res = await wa.sendText(
        benchSender(i % chats),
        `crée un lead pour Flux Bench${i}, email ${email}`,
        undefined,
        t0 + Math.floor(i / chats) * 5,
      );
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    }),
  );
  const acked = Date.now() - started;
  let got: Sent[] = [];
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    got = (await wa.sent(since)) as unknown as Sent[];
    if (got.length >= messages) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const wallMs = Math.max(...got.map((s) => Date.parse(s.at)), started) - started;
  // Exactly once: every message answered, none twice (a bench is also a check).
  const perMessage = new Map<string, number>();
  for (const r of got) {
    const email = r.message.match(/flux\d+-[a-z0-9]+@bench\.test/)?.[0];
    if (email) perMessage.set(email, (perMessage.get(email) ?? 0) + 1);
  }
  const duplicated = [...perMessage.values()].filter((n) => n > 1).length;
  const latencies = got
    .map((s) => {
      const email = s.message.match(/flux\d+-[a-z0-9]+@bench\.test/)?.[0];
      const at = email ? postedAt.get(email) : undefined;
      return at === undefined ? null : Date.parse(s.at) - at;
    })
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b);
  return {
    messages,
    chats,
    replies: got.length,
    answered: perMessage.size,
    duplicated,
    webhookAckMs: acked,
    wallMs,
    messagesPerSecond: round((got.length / wallMs) * 1000),
    p50Ms: Math.round(percentile(latencies, 50)),
    p95Ms: Math.round(percentile(latencies, 95)),
  };
}

/**
 * A lone command, one at a time (nothing else in flight): webhook posted → reply sent, with the
 * rules engine and stand-ins. It waits only for its own short settle, not a burst window.
 */
export async function benchLoneCommand(stack: Stack, count = 20) {
  const wa = webhookClient(stack.urls, stack.demo.webhookToken, stack.demo.idInstance);
  const chat = benchSender(20); // the stack seeds one sender beyond the load chats for this
  const latencies: number[] = [];
  const tag = Date.now().toString(36);
  for (let i = 0; i < count; i++) {
    const since = (await wa.sent()).length;
    const posted = Date.now();
    await wa.sendText(chat, `crée un lead pour Seul Bench${i}, email seul${i}-${tag}@bench.test`);
    const [reply] = (await wa.waitForReplies(chat, since, 1, 30_000)) as unknown as Sent[];
    if (!reply) throw new Error(`no reply to lone command ${i}`);
    latencies.push(Date.parse(reply.at) - posted);
  }
  latencies.sort((a, b) => a - b);
  return {
    commands: count,
    p50Ms: Math.round(percentile(latencies, 50)),
    p95Ms: Math.round(percentile(latencies, 95)),
  };
}
