import { z } from 'zod';
import { webhookSchema } from '../greenapi/webhook/schemas.ts';

/**
 * What the Worker puts on the queue and POSTs to the agent: versioned so a deploy of one side
 * never misreads the other's messages.
 */
export const queueMessageSchema = z.object({
  v: z.literal(1),
  /**
   * 'throttled' is no longer produced (rate limits now delay, they never drop); messages queued
   * by an older Worker with that kind are run like 'inbound'.
   */
  kind: z.enum(['inbound', 'human_active', 'throttled']),
  requestId: z.string().min(1).max(100),
  receivedAt: z.iso.datetime(),
  event: webhookSchema,
  /** Legacy (kind 'throttled'): ignored. */
  notify: z.boolean().optional(),
  /** How many times the agent deferred this message (re-queued, not a failure). Bounded by the consumer. */
  deferrals: z.number().int().min(0).max(10_000).optional(),
  /** An operator's replay of a dead message (`npm run tenant -- replay`): it may run again. */
  replay: z.boolean().optional(),
  /** Set on messages sent to the dead-letter queue by the consumer: why it gave up. */
  deadReason: z.string().max(200).optional(),
  /**
   * Set by the consumer on the agent call (never queued): the idMessages of earlier messages of
   * the same chat in the same queue batch, forwarded at the same time. The agent waits for them to
   * be recorded before this one runs, so a batch that the queue reordered is answered in order.
   */
  awaits: z.array(z.string().min(1).max(128)).max(100).optional(),
});

export type QueueMessage = z.infer<typeof queueMessageSchema>;

export type QueueMessageParse =
  | { ok: true; message: QueueMessage }
  | { ok: false; issues: Array<{ path: string; message: string }> };

export function parseQueueMessage(body: unknown): QueueMessageParse {
  const res = queueMessageSchema.safeParse(body);
  if (res.success) return { ok: true, message: res.data };
  return {
    ok: false,
    issues: res.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
  };
}
