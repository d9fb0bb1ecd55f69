import type { InboundMessage } from '../../../greenapi/inbound.ts';
import type { QueueMessage } from '../../../queue/message.ts';
import { describeError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { BeginTurnInput, BeginTurnResult, OutboxRow } from '../../../store/types.ts';
import { looksUnfinished } from '../../control-words.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import { waitingReplies } from '../../render/waiting.ts';
import { detectLanguage } from '../../rules/index.ts';
import { answer, type PipelineResponse } from '../answers.ts';
import { flushRows } from '../send/flush.ts';
import { type PipelineDeps, settingsOf } from '../wiring/deps.ts';
import type { Conversation } from './conversation.ts';

export type Claimed = Extract<BeginTurnResult, { outcome: 'claimed' }>;

/** The claim stage's result: the turn is ours, or the queue gets its answer now. */
export type ClaimResult =
  | { kind: 'turn'; claimed: Claimed; waits: number }
  | { kind: 'answer'; response: PipelineResponse };

/** How long a reply being sent is held by its sender (max_take_outbox_rows): above Green-API's 15 s call timeout. */
const SENDING_LEASE_MS = 20_000;

/** A message waits in-process for a short burst or an earlier message; this often, at most. */
const EARLIER_POLL_MS = 250;

export function beginInput(
  deps: PipelineDeps,
  msg: InboundMessage,
  conv: Conversation,
  qm: QueueMessage,
): BeginTurnInput {
  const s = settingsOf(deps);
  const lang = detectLanguage(msg.text ?? '', 'fr');
  return {
    instance: msg.idInstance,
    channel: 'whatsapp',
    idMessage: msg.idMessage,
    chatId: conv.chatId,
    senderId: conv.senderId,
    sessionKey: conv.key,
    typeMessage: msg.typeMessage,
    waTimestamp: msg.timestamp,
    requestId: qm.requestId,
    receivedAt: qm.receivedAt,
    // Kept (by the database) only for a known sender, and only until the turn is handled.
    content: {
      kind: msg.kind,
      text: msg.text,
      file: msg.file,
      quotedMessageId: msg.quotedMessageId,
      unfinished: msg.kind === 'text' && looksUnfinished(msg.text),
    },
    ...(qm.replay ? { replay: true } : {}),
    ...(deps.clients.knownVersion(msg.idInstance) !== undefined
      ? { knownVersion: deps.clients.knownVersion(msg.idInstance) }
      : {}),
    throttleNotice: pick(fixedReplies.slowDown, lang),
    waitNotice: pick(waitingReplies.earlier, lang),
    waitNoticeOutage: pick(waitingReplies.earlierOutage, lang),
    waitNoticeAfterMs: s.waitNoticeAfterMs,
    leaseMs: s.leaseMs,
    settleMs: s.settleMs,
    burstWindowMs: s.burstWindowMs,
    burstMaxWaitMs: s.burstMaxWaitMs,
    reorderWindowMs: s.reorderWindowMs,
    backlogLagMs: s.backlogLagMs,
    ...(qm.awaits?.length ? { awaits: qm.awaits } : {}),
  };
}

/**
 * The claim stage: records the message once, then lets it run only when it is its turn — after a
 * burst of its sender has settled, after the earlier open messages of its conversation, within the
 * chat's rate. Short waits happen here; longer ones go back to the queue (a deferral, not a failure).
 */
export async function claimTurn(
  deps: PipelineDeps,
  input: BeginTurnInput,
  log: Logger,
): Promise<ClaimResult> {
  const s = settingsOf(deps);
  const started = deps.clock.now().getTime();
  let waits = 0;
  for (;;) {
    const r = await deps.store.beginTurn(input);
    switch (r.outcome) {
      case 'claimed':
        return { kind: 'turn', claimed: r, waits };
      case 'busy': {
        // A live attempt holds it (a copy delivered twice, or a burst taken into an earlier turn):
        // it usually finishes in moments, so wait a little here before handing back to the queue.
        if (deps.clock.now().getTime() - started >= s.orderWaitMs)
          return { kind: 'answer', response: answer.defer(r.retryAfterMs, 'in_progress') };
        waits++;
        await deps.clock.sleep(EARLIER_POLL_MS);
        continue;
      }
      case 'wait': {
        // A backlog waits its reorder window away from this delivery: held here, it would keep the
        // queue from delivering the very messages it waits for (a local queue delivers one batch
        // after the other).
        if (r.reason === 'reorder')
          return { kind: 'answer', response: answer.defer(r.retryAfterMs, 'reorder_window') };
        if (r.reason === 'throttled') {
          await sendNotice(deps, r.tenantId, r.outbox, log);
          log.info('agent.throttled', { tenantId: r.tenantId, retryAfterMs: r.retryAfterMs });
          return { kind: 'answer', response: answer.defer(r.retryAfterMs, 'chat_rate') };
        }
        // It waits for an earlier message; its sender is told why, once (the database decides when).
        if (r.outbox.length)
          await sendNotice(deps, r.tenantId, r.outbox, log).catch((e) =>
            log.warn('agent.wait_notice_failed', describeError(e)),
          );
        // The earlier one is back in the queue: holding this delivery could keep it from coming back.
        if (r.reason === 'queued')
          return { kind: 'answer', response: answer.defer(r.retryAfterMs, 'waiting_for_earlier') };
        const waited = deps.clock.now().getTime() - started;
        if (r.reason === 'earlier' && waited >= s.orderWaitMs) {
          log.info('agent.waiting_for_earlier', { tenantId: r.tenantId, waitedMs: waited });
          return { kind: 'answer', response: answer.defer(3000, 'waiting_for_earlier') };
        }
        waits++;
        await deps.clock.sleep(r.reason === 'burst' ? r.retryAfterMs : EARLIER_POLL_MS);
        continue;
      }
      default:
        return { kind: 'answer', response: await settle(deps, r, log) };
    }
  }
}

/** Every outcome that is not "run it now". */
async function settle(
  deps: PipelineDeps,
  r: Exclude<BeginTurnResult, { outcome: 'claimed' | 'wait' | 'busy' }>,
  log: Logger,
): Promise<PipelineResponse> {
  switch (r.outcome) {
    case 'unknown_instance':
      log.warn('agent.unknown_instance');
      return answer.rejectWith('not_found', 'Unknown instance');
    case 'tenant_disabled':
      return answer.ignored('tenant_disabled');
    case 'not_member':
      return answer.rejectWith('forbidden', 'Not a member of this tenant');
    case 'ignored':
      return answer.ignored(r.reason);
    case 'paused':
      return answer.done({ paused: true });
    case 'duplicate': {
      // A redelivery of a finished message may still find its reply unsent: send that, nothing else.
      if (r.unsent > 0 && r.messageId) {
        const flushed = await flushRows(deps, r.tenantId, { messageId: r.messageId }, log);
        if (flushed.unsent > 0)
          return answer.retry(flushed.retryAfterMs, 'reply_not_sent', { duplicate: true });
        // Its reply is being sent by another attempt, or was held by one that died mid-send: come
        // back when that sending lease has run out (the row is then checked in Green-API's journal).
        if (flushed.taken === 0)
          return answer.defer(SENDING_LEASE_MS, 'reply_in_flight', { duplicate: true });
      }
      return answer.duplicate({ status: r.status });
    }
  }
}

async function sendNotice(deps: PipelineDeps, tenantId: string, rows: OutboxRow[], log: Logger) {
  if (!rows.length) return;
  await flushRows(deps, tenantId, { rows }, log);
}
