import type { CommitTurnInput, TurnRef } from '../../../store/types.ts';
import type { TurnInput, TurnPlan } from '../turn-plan.ts';

/**
 * The commit stage: everything a turn decided (status, audit, session, confirmations, opt-out,
 * memory, replies) in one unit of work; refused when the tenant memory moved since the turn read it.
 * The web chat's answer is its HTTP response: nothing goes to the outbox.
 */
export function commitPlan(input: Pick<TurnInput, 'deps' | 'turn' | 'channel'>, plan: TurnPlan) {
  const row = commitInput(input.turn, plan);
  return input.deps.store.commitTurn(input.channel === 'web' ? { ...row, outbox: [] } : row);
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
