import { normalizeWebhook } from '../../../greenapi/webhook/index.ts';
import type { IncomingMessageWebhook } from '../../../greenapi/webhook/schemas.ts';
import type { DeadLetterRequest } from '../../../queue/jobs.ts';
import type { Logger } from '../../../shared/logger.ts';
import { answer, type PipelineResponse } from '../answers.ts';
import { conversationOf } from '../claim/conversation.ts';
import { recordDead } from '../failure.ts';
import type { PipelineDeps } from '../wiring/deps.ts';

/**
 * A message the queue gave up on (its retries exhausted, or refused for good): recorded as dead in
 * the database (recent_failures, replayable with `npm run tenant -- replay`), and its sender told
 * once which message could not be handled. It no longer holds up the messages after it.
 */
export async function runDeadLetter(
  deps: PipelineDeps,
  job: DeadLetterRequest,
  log: Logger,
): Promise<PipelineResponse> {
  const ev = job.message.event;
  if (ev.typeWebhook !== 'incomingMessageReceived') {
    // A "human is active" event that never got through: nothing was asked of MAX.
    log.warn('dead_letter.not_a_message', { typeWebhook: ev.typeWebhook, reason: job.reason });
    return answer.done({ dead: false });
  }
  const msg = normalizeWebhook(ev as IncomingMessageWebhook);
  const conv = conversationOf(msg.chatId, msg.sender);
  log.error('dead_letter', { reason: job.reason });
  return recordDead(
    deps,
    { msg, conv, requestId: job.message.requestId, ownWid: ev.instanceData.wid ?? null },
    job.reason,
    log,
  );
}
