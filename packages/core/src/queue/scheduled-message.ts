import { z } from 'zod';

/**
 * A scheduled item handed to the queue by the cron (core scheduler/tick.ts) and forwarded to the
 * agent like an inbound message: the agent claims the item once (scheduler/run-item.ts).
 */
export const scheduledQueueMessageSchema = z.object({
  v: z.literal(1),
  kind: z.literal('scheduled'),
  requestId: z.string().min(1).max(100),
  tenantId: z.string().min(1).max(63),
  itemId: z.string().uuid(),
  /** What it is (reminder.task, digest.daily…): for the consumer's log line only. */
  what: z.string().max(64).optional(),
  /** How many times the agent deferred it (re-queued, not a failure). */
  deferrals: z.number().int().min(0).max(10_000).optional(),
});
export type ScheduledQueueMessage = z.infer<typeof scheduledQueueMessageSchema>;

/** The cron's scheduler run: plan recurring items, answer the due ones for the queue. */
export const scheduleTickSchema = z.object({
  v: z.literal(1),
  kind: z.literal('schedule_tick'),
  requestId: z.string().min(1).max(100),
  /** At most this many due items are handed out per run (the next run takes the rest). */
  limit: z.number().int().min(1).max(1000).default(200),
});
