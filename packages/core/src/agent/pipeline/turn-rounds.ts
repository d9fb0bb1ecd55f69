import { AppError } from '../../shared/errors.ts';
import type { OutboxRow } from '../../store/types.ts';
import { actOn } from './act/act.ts';
import { commitPlan } from './commit/commit.ts';
import { decideTurn } from './decide/decide.ts';
import type { TurnInput, TurnPlan } from './turn-plan.ts';

/** How often a turn decides again because its memory changes met another turn's (then it fails, retryable). */
const MEMORY_ROUNDS = 8;

/**
 * Decide, act, then commit. A commit refused because the tenant memory changed since the turn
 * read it (another admin's "retiens…" got there first) is decided again from the memory as it is
 * now: CRM results and the model's plan are reused from the journal, memory tools decide afresh,
 * so the key a reply names is the one stored.
 */
export async function decideActCommit(input: TurnInput): Promise<{ plan: TurnPlan; rows: OutboxRow[] }> {
  let ctx = input.ctx;
  for (let round = 1; ; round++) {
    const t = { ...input, ctx };
    const decision = await decideTurn(t);
    const plan = await actOn(t, decision);
    const r = await commitPlan(input, plan);
    if (r.kind === 'committed') return { plan, rows: r.outbox };
    input.log.info('agent.memory_conflict', { round });
    if (round >= MEMORY_ROUNDS)
      throw new AppError('conflict', 'The tenant memory kept changing', { retryable: true });
    ctx = { ...ctx, memory: r.memory };
  }
}
