import { sha256Hex } from '../../shared/crypto.ts';
import { describeError, isAppError, isBadAnswer } from '../../shared/errors.ts';
import type { AuditEntry, SenderRole, Tenant } from '../../store/types.ts';
import { findTool } from '../tools/registry.ts';
import type { ToolContext, ToolDefinition, ToolOutcome } from '../types.ts';
import { guardCrm } from './guarded-crm.ts';
import type { ToolJournal } from './journal.ts';

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

export interface ExecuteEnv {
  ctx: ToolContext;
  journal: ToolJournal;
}

/**
 * Runs a validated call once per message: a result an earlier attempt stored is reused; a write
 * that may already have been applied looks before writing (guarded-crm.ts); a write whose outcome
 * is unknown is recorded as such before the error propagates; a definite refusal becomes an outcome.
 */
export async function executeTool(
  env: ExecuteEnv,
  tool: ToolDefinition,
  args: unknown,
  digest: string,
  index: number,
): Promise<{ outcome: ToolOutcome; reused: boolean }> {
  // A tool whose only effect is the memory change its turn commits is decided afresh on every run:
  // from the memory this run read, which the commit checks (a stored result could name a key that
  // another turn has taken since).
  const journaled = tool.writes && !tool.committedWithTurn;
  const previous = journaled ? env.journal.reuse(index) : undefined;
  if (previous && previous.tool === tool.name && previous.argsDigest === digest)
    return { outcome: previous.result as ToolOutcome, reused: true };
  const mayHaveApplied = journaled && env.journal.mayHaveApplied(index);
  const crm = mayHaveApplied
    ? guardCrm(env.ctx.crm, { mayHaveApplied, since: env.journal.since })
    : env.ctx.crm;
  let outcome: ToolOutcome;
  try {
    outcome = await tool.run(
      { ...env.ctx, crm, ...(mayHaveApplied ? { retryOf: { since: env.journal.since } } : {}) },
      args,
    );
  } catch (e) {
    // An outage, a bug, or an answer outside the CRM's protocol: the turn fails (retried, or dead
    // fast for a bad answer); a definite refusal below becomes an outcome the reply explains.
    if (!isAppError(e) || e.retryable || isBadAnswer(e)) {
      if (journaled && isAppError(e)) await recordUnknown(env, tool, digest, index);
      throw e;
    }
    env.ctx.logger.warn('tool.refused', { tool: tool.name, ...describeError(e) });
    outcome = refusal(e);
  }
  if (journaled)
    await env.journal.record({
      callIndex: index,
      tool: tool.name,
      argsDigest: digest,
      ok: outcome.ok,
      result: outcome,
      state: 'done',
    });
  return { outcome, reused: false };
}

/** The write may have reached the CRM: say so durably, so the retry looks before writing again. */
async function recordUnknown(env: ExecuteEnv, tool: ToolDefinition, digest: string, index: number) {
  try {
    await env.journal.record({
      callIndex: index,
      tool: tool.name,
      argsDigest: digest,
      ok: false,
      result: null,
      state: 'unknown',
    });
  } catch (e) {
    // The database may be what failed; the retry will look before writing anyway (attempt > 1).
    env.ctx.logger.warn('tool.unknown_not_recorded', { tool: tool.name, ...describeError(e) });
  }
}

function refusal(e: { code: string; details?: Record<string, unknown> }): ToolOutcome {
  if (e.code === 'validation')
    return {
      ok: false,
      kind: 'invalid',
      field: String(e.details?.field ?? 'unknown'),
      reason: String(e.details?.type ?? 'invalid'),
      ...(typeof e.details?.value === 'string' ? { value: e.details.value } : {}),
    } as ToolOutcome;
  if (e.code === 'not_found') return { ok: false, kind: 'not_found', what: '' };
  return { ok: false, kind: 'error', code: e.code };
}

/** One audit row for a call. */
export function auditRow(
  a: { messageId: string; actor: string; started: number; now: number; engine: 'model' | 'rules' },
  name: string,
  result: AuditEntry['result'],
  outcome: ToolOutcome | null,
  digest: string | null,
  extra?: Record<string, unknown>,
): AuditEntry {
  const first = outcome?.ok ? outcome.records[0] : undefined;
  return {
    messageId: a.messageId,
    actor: a.actor,
    action: name,
    targetEntity: first ? (outcome?.ok && outcome.entity ? outcome.entity : 'Lead') : null,
    targetId: first?.id ?? null,
    argsDigest: digest,
    result,
    latencyMs: a.now - a.started,
    detail: {
      engine: a.engine,
      ...(outcome ? { outcome: outcome.kind } : {}),
      ...(outcome?.ok && outcome.audit ? { audit: outcome.audit } : {}),
      ...extra,
    },
  };
}
