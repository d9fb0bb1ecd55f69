import { AppError } from '../../../shared/errors.ts';
import type { CommitTurnInput, OutboxRow, TurnRef } from '../../../store/types.ts';
import { decideTurn } from '../decide/decide.ts';
import type { TurnInput, TurnPlan } from '../decide/turn-plan.ts';
import type { PipelineDeps } from '../wiring/deps.ts';

/** How often a turn decides again because its memory changes met another turn's (then it fails, retryable). */
const MEMORY_ROUNDS = 8;

/**
 * Decide, then commit. A commit refused because the tenant memory changed since the turn read it
 * (another admin's "retiens…" got there first) is decided again from the memory as it is now:
 * CRM results and the model's plan are reused from the journal, memory tools decide afresh, so
 * the key a reply names is the one stored.
 */
export async function decideAndCommit(
  deps: PipelineDeps,
  input: TurnInput,
  toCommit: (plan: TurnPlan) => CommitTurnInput,
): Promise<{ plan: TurnPlan; rows: OutboxRow[] }> {
  let ctx = input.ctx;
  for (let round = 1; ; round++) {
    const plan = await decideTurn({ ...input, ctx });
    const r = await deps.store.commitTurn(toCommit(plan));
    if (r.kind === 'committed') return { plan, rows: r.outbox };
    input.log.info('agent.memory_conflict', { round });
    if (round >= MEMORY_ROUNDS)
      throw new AppError('conflict', 'The tenant memory kept changing', { retryable: true });
    ctx = { ...ctx, memory: r.memory };
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
