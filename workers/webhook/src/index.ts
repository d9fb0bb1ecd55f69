import { app } from './app.ts';
import { consumeDeadLetters, consumeInbound } from './consumer.ts';
import type { Bindings } from './env.ts';

/** Must match the dead_letter_queue name in wrangler.toml. */
export const DEAD_LETTER_QUEUE = 'inbound-dlq';

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) return consumeDeadLetters(batch);
    return consumeInbound(batch, env);
  },
} satisfies ExportedHandler<Bindings>;
