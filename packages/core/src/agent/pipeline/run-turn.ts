import { describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { OutboxRow, TurnRef } from '../../store/types.ts';
import { answer, type PipelineResponse } from './answers.ts';
import type { Claimed } from './claim/claim.ts';
import { holdLease } from './claim/lease.ts';
import { failTurn } from './failure.ts';
import { sendRows } from './send/send.ts';
import type { TurnMessage } from './turn-message.ts';
import type { TurnPlan } from './turn-plan.ts';
import { decideActCommit } from './turn-rounds.ts';
import { type PipelineDeps, settingsOf } from './wiring/deps.ts';
import type { TenantClients } from './wiring/ports.ts';

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
  let decided: { plan: TurnPlan; rows: OutboxRow[] };
  try {
    clients = await deps.clients.forTenant(c.context.tenant, c.context.secrets, tlog);
    decided = await decideActCommit({
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
  } catch (e) {
    lease.stop();
    return failTurn(deps, c, turn, e, m, tlog);
  }
  lease.stop();
  const { plan, rows } = decided;
  if (plan.metrics) tlog.info('agent.turn', { ...plan.metrics, outcome: plan.outcome });
  try {
    const sent = await sendRows(
      {
        store: deps.store,
        clock: deps.clock,
        logger: tlog,
        tenantId: c.tenantId,
        whatsapp: clients.whatsapp,
        journalLagMs: s.journalLagMs,
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
