import { verifyInternal } from '../../queue/internal-auth.ts';
import { type JobRequest, jobRequestSchema } from '../../queue/jobs.ts';
import { parseQueueMessage, type QueueMessage } from '../../queue/message.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { parseJsonWithin } from '../../shared/json-depth.ts';

/** Bodies the agent accepts: queue messages are ≤ 128 KB, a web-chat request a few KB. */
export const MAX_AGENT_BODY_BYTES = 256 * 1024;

export interface PipelineRequest {
  headers: { get(name: string): string | null };
  body: string;
}

export type AgentRequest = { kind: 'queue'; message: QueueMessage } | JobRequest;

/**
 * The receive stage: the Worker's signature first (a stranger learns nothing and costs nothing),
 * then JSON no deeper than a small limit, then one of the shapes the agent knows.
 */
export async function receive(secret: string, clock: Clock, req: PipelineRequest): Promise<AgentRequest> {
  if (req.body.length > MAX_AGENT_BODY_BYTES)
    throw new AppError('payload_too_large', `Body over ${MAX_AGENT_BODY_BYTES} bytes`);
  await verifyInternal(secret, req.body, req.headers, clock.now());
  const json = parseJsonWithin(req.body);
  // Jobs share the endpoint and its auth: the lost-webhook backstop, the web chat, dead letters.
  const job = jobRequestSchema.safeParse(json);
  if (job.success) return job.data;
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind === 'admin' || kind === 'health' || kind === 'schedule_tick' || kind === 'scheduled')
    throw new AppError('validation', `Invalid ${kind} request`, {
      details: {
        issues: job.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    });
  const parsed = parseQueueMessage(json);
  if (!parsed.ok)
    throw new AppError('bad_request', 'Invalid queue message', { details: { issues: parsed.issues } });
  return { kind: 'queue', message: parsed.message };
}
