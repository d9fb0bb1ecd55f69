import { z } from 'zod';
import { webhookSchema } from '../greenapi/webhook/schemas.ts';

/**
 * What the Worker puts on the queue and POSTs to the agent: versioned so a deploy of one side
 * never misreads the other's messages.
 */
export const queueMessageSchema = z.object({
  v: z.literal(1),
  kind: z.enum(['inbound', 'human_active', 'throttled']),
  requestId: z.string().min(1).max(100),
  receivedAt: z.iso.datetime(),
  event: webhookSchema,
  /** Throttled only: this one gets the "slow down" reply (at most one per chat and window). */
  notify: z.boolean().optional(),
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
