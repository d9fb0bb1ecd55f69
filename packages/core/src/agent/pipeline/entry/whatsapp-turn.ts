import { normalizeWebhook } from '../../../greenapi/webhook/index.ts';
import type { IncomingMessageWebhook, OutgoingMessageWebhook } from '../../../greenapi/webhook/schemas.ts';
import type { QueueMessage } from '../../../queue/message.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import { answer, type PipelineResponse } from '../answers.ts';
import { beginInput, claimTurn } from '../claim/claim.ts';
import { conversationOf } from '../claim/conversation.ts';
import { runTurn } from '../run-turn.ts';
import { type PipelineDeps, settingsOf } from '../wiring/deps.ts';

/**
 * One queued WhatsApp event through the stages: claim (and wait its turn) → decide → commit → send.
 * A human typing on the business phone only pauses the bot in that chat.
 */
export async function runWhatsAppTurn(
  deps: PipelineDeps,
  qm: QueueMessage,
  log: Logger,
  o: { inOrder?: boolean } = {},
): Promise<PipelineResponse> {
  const ev = qm.event;
  if (qm.kind === 'human_active') {
    if (ev.typeWebhook !== 'outgoingMessageReceived')
      throw new AppError('bad_request', 'human_active needs an outgoing message');
    return pauseForHuman(deps, qm, ev, log);
  }
  // 'throttled' is legacy (an older Worker's): such messages run like any other.
  if (ev.typeWebhook !== 'incomingMessageReceived')
    throw new AppError('bad_request', 'inbound needs an incoming message');
  const msg = normalizeWebhook(ev as IncomingMessageWebhook);
  const conv = conversationOf(msg.chatId, msg.sender);
  const input = beginInput(deps, msg, conv, qm);
  // The caller hands messages over in WhatsApp order (the backstop): no reordering wait.
  if (o.inOrder) input.reorderWindowMs = 0;
  const claim = await claimTurn(deps, input, log);
  if (claim.kind === 'answer') return claim.response;
  if (claim.waits) log.debug('agent.turn_wait', { waits: claim.waits });
  return runTurn(
    deps,
    claim.claimed,
    { msg, conv, requestId: qm.requestId, ownWid: ev.instanceData.wid ?? null },
    log,
  );
}

async function pauseForHuman(
  deps: PipelineDeps,
  qm: QueueMessage,
  ev: OutgoingMessageWebhook,
  log: Logger,
): Promise<PipelineResponse> {
  const s = settingsOf(deps);
  const r = await deps.store.beginTurn({
    instance: String(ev.instanceData.idInstance),
    channel: 'human',
    idMessage: ev.idMessage,
    chatId: ev.senderData.chatId,
    senderId: ev.senderData.chatId,
    sessionKey: ev.senderData.chatId,
    typeMessage: 'outgoingMessageReceived',
    waTimestamp: ev.timestamp,
    requestId: qm.requestId,
    receivedAt: qm.receivedAt,
    content: null,
    leaseMs: s.leaseMs,
    settleMs: 0,
    burstWindowMs: 0,
    burstMaxWaitMs: 0,
  });
  if (r.outcome === 'paused') {
    log.info('agent.paused', { tenantId: r.tenantId });
    return answer.done({ paused: true });
  }
  if (r.outcome === 'duplicate') return answer.duplicate();
  if (r.outcome === 'unknown_instance') return answer.rejectWith('not_found', 'Unknown instance');
  return answer.ignored(r.outcome);
}
