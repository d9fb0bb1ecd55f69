import { sha256Hex } from '../../shared/crypto.ts';
import type { SenderRole, Tenant } from '../../store/types.ts';
import { findTool } from '../tools/registry.ts';
import type { ToolDefinition, ToolOutcome } from '../types.ts';

export const argsDigest = (tool: string, args: unknown) => sha256Hex(`${tool}:${JSON.stringify(args ?? {})}`);

/** What a requested call turns into before anything runs. */
export type PreparedCall =
  | { kind: 'ready'; tool: ToolDefinition; args: unknown; digest: string }
  | { kind: 'confirm'; tool: ToolDefinition; args: unknown; digest: string }
  | { kind: 'refused'; outcome: ToolOutcome; digest: string | null };

export function isAllowed(tool: ToolDefinition, role: SenderRole | 'viewer'): boolean {
  if (role === 'viewer') return tool.access === 'member' && !tool.writes;
  return tool.access === 'member' || role === 'admin';
}

/**
 * Role, tenant mode and arguments, checked in that order (a member never learns more about admin
 * tools than "not allowed"); risky tools need a confirmation before they run.
 */
export async function prepareCall(
  call: { name: string; args: unknown; rawError?: string },
  who: { role: SenderRole | 'viewer'; tenant: Tenant; pastPlanLimit?: boolean },
): Promise<PreparedCall> {
  const tool = findTool(call.name);
  if (!tool || !isAllowed(tool, who.role))
    return {
      kind: 'refused',
      outcome: { ok: false, kind: 'denied', reason: tool ? 'role' : 'unknown_tool' },
      digest: null,
    };
  // Past a limit of the tenant's plan, MAX still reads but no longer writes.
  if (tool.writes && who.pastPlanLimit)
    return { kind: 'refused', outcome: { ok: false, kind: 'denied', reason: 'plan_limit' }, digest: null };
  // One EspoCRM serves every tenant in shared mode: its structure is the operator's alone.
  if (tool.changesSchema && who.tenant.crmMode === 'shared')
    return {
      kind: 'refused',
      outcome: { ok: false, kind: 'denied', reason: 'shared_mode_schema' },
      digest: null,
    };
  const parsed = tool.parameters.safeParse(call.args);
  if (call.rawError || !parsed.success) {
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    return {
      kind: 'refused',
      outcome: {
        ok: false,
        kind: 'invalid',
        field: issue?.path.join('.') || 'arguments',
        reason: call.rawError ?? issue?.message ?? 'invalid',
      },
      digest: null,
    };
  }
  const digest = await argsDigest(tool.name, parsed.data);
  return { kind: tool.confirm ? 'confirm' : 'ready', tool, args: parsed.data, digest };
}
