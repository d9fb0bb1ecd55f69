import { app } from './app.ts';
import { consumeInbound } from './consumer.ts';
import { consumeDeadLetters } from './dead-letters.ts';
import type { Bindings } from './env.ts';
import { runScheduled } from './scheduled.ts';

// Must match dead_letter_queue in wrangler.toml.
// Not exported: workerd treats every named export of the main module as an entrypoint.
const DEAD_LETTER_QUEUE = 'inbound-dlq';

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) return consumeDeadLetters(batch, env);
    return consumeInbound(batch, env);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, controller.cron));
  },
} satisfies ExportedHandler<Bindings>;
