import type { InboundMessage } from '../../greenapi/inbound.ts';
import { describeError, isAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { backoffDelay } from '../../shared/retry.ts';
import type { CommitTurnInput, TurnRef } from '../../store/types.ts';
import { fixedReplies, pick } from '../render/messages.ts';
import { detectLanguage } from '../rules/index.ts';
import { answer, type PipelineResponse } from './answers.ts';
import type { Claimed } from './claim.ts';
import type { Conversation } from './conversation.ts';
import { decideTurn, type TurnPlan } from './decide.ts';
import { type PipelineDeps, settingsOf } from './deps.ts';
import { flushRows } from './flush.ts';
import { holdLease } from './lease.ts';
import type { TenantClients } from './ports.ts';
import { sendRows } from './send.ts';

export interface TurnMessage {
  msg: InboundMessage;
  conv: Conversation;
  requestId: string;
  /** MAX's own WhatsApp id on this instance. */
  ownWid: string | null;
}

/**
 * A claimed turn, stage after stage: clients → decide (and act) → commit → send. The lease is
 * renewed while it runs; every failure either gives the message back to the queue (retryable),
 * or records it as dead and tells the sender (it can never succeed) — nothing is dropped.
 */
export async function runTurn(
  deps: PipelineDeps,
  c: Claimed,
  m: TurnMessage,
  log: Logger,
): Promise<PipelineResponse> {
  const s = settingsOf(deps);
  const started = deps.clock.now().getTime();
  const turn: TurnRef = { tenantId: c.tenantId, messageId: c.messageId, attempt: c.attempt };
  const tlog = log.child({ tenantId: c.tenantId, messageId: c.messageId, attempt: c.attempt });
  const lease = holdLease({ store: deps.store, clock: deps.clock, logger: tlog }, turn, {
    leaseMs: s.leaseMs,
    heartbeatMs: s.heartbeatMs,
    deadlineMs: s.attemptDeadlineMs,
  });
  let clients: TenantClients;
  let plan: TurnPlan;
  let rows: Awaited<ReturnType<typeof deps.store.commitTurn>>;
  try {
    clients = await deps.clients.forTenant(c.context.tenant, c.context.secrets, tlog);
    plan = await decideTurn({
      deps,
      log: tlog,
      turn,
      conv: m.conv,
      msg: m.msg,
      followers: c.followers,
      ctx: c.context,
      clients,
      role: c.context.sender?.role ?? null,
      channel: 'whatsapp',
      receivedAt: c.receivedAt,
      ownWid: m.ownWid,
    });
    rows = await deps.store.commitTurn(commitInput(turn, plan));
  } catch (e) {
    lease.stop();
    return failed(deps, turn, e, m, tlog);
  }
  lease.stop();
  if (plan.metrics) tlog.info('agent.turn', { ...plan.metrics, outcome: plan.outcome });
  try {
    const sent = await sendRows(
      {
        store: deps.store,
        clock: deps.clock,
        logger: tlog,
        tenantId: c.tenantId,
        whatsapp: clients.whatsapp,
        journalLagMs: settingsOf(deps).journalLagMs,
      },
      rows,
    );
    const done = {
      ok: true,
      replies: sent.sent,
      result: plan.outcome,
      merged: plan.merged.length,
      durationMs: deps.clock.now().getTime() - started,
    };
    if (sent.unsent > 0) {
      // The turn is committed: a redelivery only sends the reply (after Green-API's record is checked).
      tlog.warn('agent.reply_not_sent', { unsent: sent.unsent });
      return answer.retry(sent.retryAfterMs, 'reply_not_sent', done);
    }
    tlog.info('agent.done', done);
    return answer.done(done);
  } catch (e) {
    tlog.warn('agent.send_failed', describeError(e));
    return answer.retry(2000, 'reply_not_sent');
  }
}

export function commitInput(turn: TurnRef, p: TurnPlan): CommitTurnInput {
  return {
    ...turn,
    status: p.status,
    outcome: p.outcome,
    merged: p.merged,
    audit: p.audit,
    session: p.session,
    pendingCreate: p.pendingCreate ?? null,
    pendingResolve: p.pendingResolve ?? null,
    optOut: p.optOut ?? null,
    memory: p.memory ?? null,
    outbox: p.replies.map((r, i) => ({ chatId: r.chatId, body: r.body, sendKey: `${turn.messageId}:${i}` })),
  };
}

async function failed(
  deps: PipelineDeps,
  turn: TurnRef,
  e: unknown,
  m: TurnMessage,
  log: Logger,
): Promise<PipelineResponse> {
  const info = describeError(e);
  if (isAppError(e) && e.code === 'conflict' && e.details?.kind === 'lease_lost') {
    // Another delivery took the message over (this attempt was presumed dead): it finishes it.
    log.warn('agent.lease_lost', info);
    return answer.defer(2000, 'lease_lost');
  }
  if (isAppError(e) && e.retryable) {
    log.warn('agent.failed', info);
    await deps.store
      .failTurn(turn, info.code, false)
      .catch((err) => log.error('agent.mark_failed', describeError(err)));
    return answer.retry(
      backoffDelay(turn.attempt, { baseMs: 2000, maxMs: 30_000, random: Math.random }),
      info.code,
    );
  }
  // It can never succeed as it is (a bug, a missing setting): dead now, the sender is told, replayable.
  // Where it broke (a file and line, never a message that could hold user text), for the operator.
  log.error('agent.dead', { ...info, at: whereThrown(e) });
  return recordDead(deps, m, info.code, log);
}

function whereThrown(e: unknown): string | undefined {
  const stack = (e as { cause?: Error } & Error)?.cause?.stack ?? (e as Error)?.stack;
  return stack
    ?.split('\n')
    .find((l) => l.trim().startsWith('at '))
    ?.trim()
    .slice(0, 200);
}

/** Records a message as dead (replayable) and tells a known sender which message failed. */
export async function recordDead(
  deps: PipelineDeps,
  m: TurnMessage,
  reason: string,
  log: Logger,
): Promise<PipelineResponse> {
  const lang = detectLanguage(m.msg.text ?? '', 'fr');
  const r = await deps.store.deadLetter({
    instance: m.msg.idInstance,
    idMessage: m.msg.idMessage,
    chatId: m.conv.chatId,
    senderId: m.conv.senderId,
    typeMessage: m.msg.typeMessage,
    waTimestamp: m.msg.timestamp,
    requestId: m.requestId,
    reason,
    content: { kind: m.msg.kind, text: m.msg.text, file: m.msg.file, quotedMessageId: m.msg.quotedMessageId },
    notice: pick(fixedReplies.deadLetter, lang),
  });
  if (r.outcome === 'unknown_instance') return answer.done({ dead: true, reason });
  if (r.outbox.length) {
    const sent = await flushRows(deps, r.tenantId, { rows: r.outbox }, log).catch((err) => {
      log.warn('agent.dead_notice_failed', describeError(err));
      return null;
    });
    if (!sent || sent.unsent > 0)
      return answer.retry(sent?.retryAfterMs ?? 5000, 'reply_not_sent', { dead: true });
  }
  return answer.done({ dead: true, reason });
}
