import { benchSender, startStack } from '../stack/start-stack.ts';
import { webhookClient } from '../stack/webhook-client.ts';

const CHATS = 10;

/** Messages per second through the whole local stack: webhook → Worker → Queue → Deno agent → stand-ins. */
export async function benchEndToEnd(messages = 60) {
  // Ten chats so per-chat ordering does not serialise the run; the production burst window.
  const stack = await startStack({
    quiet: true,
    extraSenders: CHATS,
    ports: { espo: 18090, green: 18091, agent: 55321, worker: 18787, db: 55322 },
  });
  try {
    const wa = webhookClient(stack.urls, stack.demo.webhookToken, stack.demo.idInstance);
    const since = (await wa.sent()).length;
    const started = performance.now();
    // Messages of one chat are 5 s apart in WhatsApp time: separate requests, not a burst.
    const t0 = Math.floor(Date.now() / 1000);
    await Promise.all(
      Array.from({ length: messages }, (_, i) =>
        wa.sendText(
          benchSender(i % CHATS),
          `crée un lead pour Flux Bench${i}, email flux${i}@bench.test`,
          undefined,
          t0 + Math.floor(i / CHATS) * 5,
        ),
      ),
    );
    const acked = performance.now() - started;
    let got = 0;
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      got = (await wa.sent(since)).length;
      if (got >= messages) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wallMs = performance.now() - started;
    return {
      messages,
      chats: CHATS,
      replies: got,
      webhookAckMs: Math.round(acked),
      wallMs: Math.round(wallMs),
      messagesPerSecond: Math.round((got / wallMs) * 1000 * 10) / 10,
      db: process.env.DATABASE_URL ? 'postgresql' : 'pglite (one connection)',
    };
  } finally {
    await stack.stop();
  }
}
