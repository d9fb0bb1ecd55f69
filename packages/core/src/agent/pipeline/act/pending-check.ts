import type { PendingAction } from '../../../store/types.ts';
import { argsDigest, isAllowed } from '../../calls/prepare-call.ts';
import { findTool } from '../../tools/registry.ts';
import type { ToolDefinition } from '../../types.ts';
import type { TurnInput } from '../turn-plan.ts';
import { pendingSealMatches } from './pending-seal.ts';
import { pastPlanLimit } from './plan-limit.ts';

/** What a yes or no to a stored action comes to, before anything runs. */
export type PendingCheck =
  | { kind: 'run'; tool: ToolDefinition; args: unknown; digest: string }
  | { kind: 'stop'; reason: 'cancelled' | 'binding_mismatch' | 'plan_limit'; digest: string | null };

/**
 * A confirmed action runs exactly as it was stored: same tool, same arguments (checked by the
 * agent's seal over tenant, conversation, tool and arguments' digest), still a sender with the
 * rights it needs, still allowed in this tenant's CRM mode and plan.
 */
export async function checkPending(
  t: TurnInput,
  pending: PendingAction,
  yes: boolean,
): Promise<PendingCheck> {
  const tool = findTool(pending.tool);
  const parsed = tool?.parameters.safeParse(pending.args);
  const digest = tool && parsed?.success ? await argsDigest(tool.name, parsed.data) : null;
  if (!yes) return { kind: 'stop', reason: 'cancelled', digest };
  const sealed =
    digest !== null &&
    (await pendingSealMatches(
      t.deps.agentSecret,
      { tenantId: t.turn.tenantId, key: pending.key, tool: pending.tool, argsDigest: digest },
      pending.argsDigest,
    ));
  const sharedSchema = tool?.changesSchema && t.ctx.tenant.crmMode === 'shared';
  // A risky tool needs an admin; a record the rules engine proposed needs the sender's own rights.
  const allowed = tool && t.role && isAllowed(tool, t.role) && (!tool.confirm || t.role === 'admin');
  if (!tool || !parsed?.success || !digest || !sealed || !allowed || sharedSchema)
    return { kind: 'stop', reason: 'binding_mismatch', digest };
  // The plan's limit was reached since MAX asked: the yes is answered, the action is not run.
  if (tool.writes && pastPlanLimit(t.ctx.tenant, t.ctx.sender, t.deps.clock.now()))
    return { kind: 'stop', reason: 'plan_limit', digest };
  return { kind: 'run', tool, args: parsed.data, digest };
}

/** The digest of a pending action's tool and arguments (what the audit records), null when they no longer parse. */
export async function pendingArgsDigest(pending: PendingAction): Promise<string | null> {
  const tool = findTool(pending.tool);
  const parsed = tool?.parameters.safeParse(pending.args);
  return tool && parsed?.success ? argsDigest(tool.name, parsed.data) : null;
}
