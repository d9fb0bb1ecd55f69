import { sha256Hex } from '../../../shared/crypto.ts';
import type { PendingAction } from '../../../store/types.ts';
import type { TurnPlan } from '../turn-plan.ts';

/**
 * The reference a confirmation button carries: derived from the pending action's seal (tenant,
 * conversation, tool, the exact arguments), so a button answers that action and no other one.
 * Not the seal itself: the page never holds what the agent signs with.
 */
export const pendingRef = async (seal: string): Promise<string> =>
  (await sha256Hex(`max.pending.ref.v1\n${seal}`)).slice(0, 16);

export const pendingRefOf = (p: PendingAction | null) => (p ? pendingRef(p.argsDigest) : null);

/** What the web chat answers besides the text: the confirmation to show as buttons, the records to link. */
export async function webExtras(plan: TurnPlan, now: Date) {
  const p = plan.pendingCreate;
  return {
    records: plan.records ?? [],
    confirmation: p
      ? {
          ref: await pendingRef(p.argsDigest),
          tool: p.tool,
          expiresAt: new Date(now.getTime() + p.ttlMs).toISOString(),
        }
      : null,
  };
}
