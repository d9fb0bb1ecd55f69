import { app } from './app.ts';
import { consumeDeadLetters, consumeInbound } from './consumer.ts';
import type { Bindings } from './env.ts';

const DLQ = 'max-inbound-dlq';

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === DLQ) return consumeDeadLetters(batch);
    return consumeInbound(batch, env);
  },
} satisfies ExportedHandler<Bindings>;
