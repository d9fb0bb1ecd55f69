import type { AuditEntry, PendingAction, Session } from '../../../store/types.ts';
import { auditRow } from '../../calls/audit-row.ts';
import { memoryAudit } from '../../memory/changes.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import { type Lang, renderOutcome } from '../../render/replies.ts';
import type { Decision } from '../decide/decision.ts';
import { type NamedRecord, namedRecords } from '../named-records.ts';
import { plan, type TurnInput, type TurnPlan } from '../turn-plan.ts';
import { memoryChanges } from './memory-changes.ts';
import { checkPending, type PendingCheck } from './pending-check.ts';
import { runConfirmed } from './run-confirmed.ts';

/** A yes or no answered: the reply, its one audit row, and what the commit does with the stored action. */
interface ConfirmedTurn {
  reply: string;
  audit: AuditEntry[];
  session: Session;
  pendingResolve: { id: string; resolution: 'confirmed' | 'cancelled' };
  memory?: TurnPlan['memory'];
  records?: NamedRecord[];
}

/** A yes or no to the action waiting for one, answered; the memory it changed is audited with it. */
export async function confirmTurn(
  t: TurnInput,
  d: Extract<Decision, { kind: 'confirm' }>,
): Promise<TurnPlan> {
  const done = await confirmPending(t, d.pending, d.yes, d.session, d.lang);
  const who = { messageId: t.turn.messageId, actor: t.conv.senderId };
  return plan({
    outcome: 'confirmation',
    ...done,
    audit: [...done.audit, ...memoryAudit(who, done.memory, t.ctx.memory)],
    replies: [{ chatId: t.conv.chatId, body: done.reply }],
  });
}

/**
 * A yes or no to the action waiting for one: checked (pending-check.ts), then run once through the
 * journal. The commit consumes the pending row, so it runs once.
 */
async function confirmPending(
  t: TurnInput,
  pending: PendingAction,
  yes: boolean,
  session: Session,
  lang: Lang,
): Promise<ConfirmedTurn> {
  const started = t.deps.clock.now().getTime();
  const checked = await checkPending(t, pending, yes);
  const ran = checked.kind === 'run' ? await runConfirmed(t, session, checked) : null;
  const outcome = ran?.outcome ?? null;
  const audit = auditRow(
    {
      messageId: t.turn.messageId,
      actor: t.conv.senderId,
      started,
      now: t.deps.clock.now().getTime(),
      engine: 'rules',
    },
    pending.tool,
    ran ? (ran.reused ? 'reused' : ran.outcome.ok ? 'ok' : 'error') : 'denied',
    outcome,
    checked.digest,
    {
      confirmed: yes,
      pendingId: pending.id,
      ...(checked.kind === 'stop' ? { reason: checked.reason } : {}),
      ...(ran?.crmCalls ? { crm_calls: ran.crmCalls } : {}),
    },
  );
  const resolution = ran ? ('confirmed' as const) : ('cancelled' as const);
  if (!ran || !outcome)
    return {
      reply: stopReply(checked, lang),
      audit: [audit],
      session,
      pendingResolve: { id: pending.id, resolution },
    };
  return {
    reply: renderOutcome(outcome, lang),
    audit: [audit],
    session: { ...session, focus: outcome.ok && outcome.focus !== undefined ? outcome.focus : session.focus },
    pendingResolve: { id: pending.id, resolution },
    memory: memoryChanges([outcome]),
    records: namedRecords([outcome]),
  };
}

const stopReply = (c: PendingCheck, lang: Lang) => {
  if (c.kind === 'stop' && c.reason === 'cancelled') return pick(fixedReplies.cancelled, lang);
  if (c.kind === 'stop' && c.reason === 'plan_limit')
    return renderOutcome({ ok: false, kind: 'denied', reason: 'plan_limit' }, lang);
  return pick(fixedReplies.confirmNone, lang);
};
