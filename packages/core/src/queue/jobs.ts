import { z } from 'zod';
import { adminCommandSchema } from './admin-commands.ts';
import { consoleJobSchema } from './console-job.ts';
import { queueMessageSchema } from './message.ts';
import { scheduledQueueMessageSchema, scheduleTickSchema } from './scheduled-message.ts';

const requestId = z.string().min(1).max(100);

/** Requests to the agent endpoint that are not queued WhatsApp events. */
export const jobRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    v: z.literal(1),
    kind: z.literal('backstop'),
    requestId,
    minutes: z.number().int().min(1).max(1440).default(30),
  }),
  z.object({
    v: z.literal(1),
    kind: z.literal('chat'),
    requestId,
    /** Supabase Auth user id, verified by the Worker from the user's JWT. */
    userId: z.string().uuid(),
    tenantId: z.string().min(1).max(63),
    text: z.string().min(1).max(4000),
    /**
     * A confirmation button: answers (yes / no) the pending action it was shown for, named by its
     * reference; the text is then the answer word, and another pending action is never touched.
     */
    confirm: z.object({ ref: z.string().regex(/^[0-9a-f]{16}$/), yes: z.boolean() }).optional(),
  }),
  consoleJobSchema,
  z.object({
    v: z.literal(1),
    kind: z.literal('dead_letter'),
    requestId,
    /** Why the queue gave up: the last agent status, or "retries_exhausted". */
    reason: z.string().min(1).max(200),
    /** The queued message that could not be handled, as it was queued. */
    message: queueMessageSchema,
  }),
  z.object({
    v: z.literal(1),
    kind: z.literal('admin'),
    requestId,
    /** The operator key presented at the edge: its id and the SHA-256 of the whole key. */
    key: z.object({
      id: z.string().regex(/^[0-9a-f]{12}$/),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
    }),
    /** Idempotency-Key of a create: a retry answers what the first request answered. */
    idempotencyKey: z
      .string()
      .regex(/^[\x21-\x7e]{1,200}$/)
      .optional(),
    command: adminCommandSchema,
  }),
  z.object({
    v: z.literal(1),
    kind: z.literal('health'),
    requestId,
    /** At most this many tenants are checked per run (the least recently checked first). */
    limit: z.number().int().min(1).max(1000).default(200),
  }),
  scheduleTickSchema,
  scheduledQueueMessageSchema,
]);

export type JobRequest = z.infer<typeof jobRequestSchema>;
export type WebChatRequest = Extract<JobRequest, { kind: 'chat' }>;
export type DeadLetterRequest = Extract<JobRequest, { kind: 'dead_letter' }>;
export type AdminRequest = Extract<JobRequest, { kind: 'admin' }>;
export type HealthRequest = Extract<JobRequest, { kind: 'health' }>;
export type ScheduledRequest = Extract<JobRequest, { kind: 'scheduled' }>;
