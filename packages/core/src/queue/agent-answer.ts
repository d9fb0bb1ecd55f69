import { z } from 'zod';

/**
 * The contract between the queue consumer (Worker) and the agent function: how the agent says
 * what became of a queued message, and what the consumer must do about it. Nothing is acknowledged
 * unless it is finished, provably held by a live attempt elsewhere (then it comes back later), or
 * recorded as dead in the database.
 *
 * | agent answer                          | outcome     | consumer                                     |
 * |---------------------------------------|-------------|----------------------------------------------|
 * | 200                                   | done, duplicate (finished), ignored | ack            |
 * | 202 + Retry-After                     | defer       | re-queue a copy after Retry-After (not a failure, attempts kept), ack |
 * | 503 / 504 / 429 / 408 (+ Retry-After) | retry       | msg.retry after max(backoff, Retry-After)    |
 * | 401 / 403                             | retry       | misconfiguration (secrets differ): retried, dead-lettered at the end |
 * | other 4xx                             | reject      | dead-letter now (the message can never succeed) |
 * | timeout / network / other 5xx         | retry       | msg.retry with backoff                       |
 */
export const agentOutcomes = ['done', 'duplicate', 'ignored', 'defer', 'retry', 'reject'] as const;
export type AgentOutcome = (typeof agentOutcomes)[number];

export const agentAnswerSchema = z
  .object({
    outcome: z.enum(agentOutcomes),
    /** defer / retry: when to come back. Also sent as the Retry-After header. */
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    /** A short machine-readable reason (never message text). */
    reason: z.string().max(200).optional(),
  })
  .passthrough();

export type AgentAnswer = z.infer<typeof agentAnswerSchema>;

/** HTTP status of each outcome (the agent's side of the table above). */
export const outcomeStatus: Record<AgentOutcome, number> = {
  done: 200,
  duplicate: 200,
  ignored: 200,
  defer: 202,
  retry: 503,
  reject: 400,
};
