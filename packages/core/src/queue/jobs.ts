import { z } from 'zod';

/** Requests to the agent endpoint that are not queued WhatsApp events. */
export const jobRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    v: z.literal(1),
    kind: z.literal('backstop'),
    requestId: z.string().min(1).max(100),
    minutes: z.number().int().min(1).max(1440).default(30),
  }),
  z.object({
    v: z.literal(1),
    kind: z.literal('chat'),
    requestId: z.string().min(1).max(100),
    /** Supabase Auth user id, verified by the Worker from the user's JWT. */
    userId: z.string().uuid(),
    tenantId: z.string().min(1).max(63),
    text: z.string().min(1).max(4000),
  }),
]);

export type JobRequest = z.infer<typeof jobRequestSchema>;
export type WebChatRequest = Extract<JobRequest, { kind: 'chat' }>;
