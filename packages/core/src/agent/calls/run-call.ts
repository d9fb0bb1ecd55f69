import type { AuditEntry } from '../../store/types.ts';
import { applyChanges } from '../memory/changes.ts';
import { withDefaults } from '../tools/memory/call-defaults.ts';
import type { Focus, ToolContext, ToolOutcome } from '../types.ts';
import { askConfirmation } from './ask-confirmation.ts';
import { auditRow } from './audit-row.ts';
import { executeTool } from './execute-tool.ts';
import { prepareCall } from './prepare-call.ts';
import type { AgentInput, PlannedCall, RunState } from './run-state.ts';

/** What a call came to: its outcome and the audit row's result, digest and CRM requests. */
interface Ran {
  outcome: ToolOutcome;
  /** null: the outcome is not the audit's (a question asked instead of running). */
  audited: ToolOutcome | null;
  result: AuditEntry['result'];
  digest: string | null;
  crmCalls?: number;
}

/**
 * Act: one planned call against the CRM — the tenant's defaults filled in, the role and plan
 * checked, a risky one turned into a confirmation question, the rest executed once through the
 * journal — with its audit row.
 */
export async function runCall(
  input: AgentInput,
  state: RunState,
  call: PlannedCall,
  index: number,
): Promise<ToolOutcome> {
  const started = input.clock.now().getTime();
  const ran = await run(input, state, call, index);
  state.audit.push(
    auditRow(
      {
        messageId: input.messageId,
        actor: input.actor,
        started,
        now: input.clock.now().getTime(),
        engine: call.modelCallId ? 'model' : 'rules',
      },
      call.name,
      ran.result,
      ran.audited,
      ran.digest,
      // Metering (the usage trigger reads it): the CRM requests this call made.
      ran.crmCalls ? { crm_calls: ran.crmCalls } : undefined,
    ),
  );
  return ran.outcome;
}

async function run(input: AgentInput, state: RunState, call: PlannedCall, index: number): Promise<Ran> {
  const ctx = { ...toolContext(input, state.focus), memory: state.memory };
  // The tenant's remembered defaults (a lead's source…) fill what the command left out, for the
  // model's calls and the rules engine's alike; the tool's schema and checks then see them.
  const prepared = await prepareCall(withDefaults(call, state.memory), {
    role: input.role,
    tenant: input.tenant,
    pastPlanLimit: input.pastPlanLimit ?? false,
  });
  if (prepared.kind === 'refused') {
    const o = prepared.outcome;
    return {
      outcome: o,
      audited: o,
      result: o.ok ? 'ok' : o.kind === 'denied' ? 'denied' : 'error',
      digest: null,
    };
  }
  if (prepared.kind === 'confirm' || (prepared.kind === 'ready' && call.propose)) {
    // Described from the CRM now, in the sender's words; a record that cannot be read is answered
    // as such and nothing waits for a yes.
    const asked = await askConfirmation(ctx, prepared.tool, prepared.args, input.lang);
    if (!asked.ok) {
      const o = asked.outcome;
      return { outcome: o, audited: o, result: o.ok ? 'ok' : 'error', digest: prepared.digest };
    }
    state.pending = {
      key: input.pendingKey,
      tool: prepared.tool.name,
      args: asked.args,
      argsDigest: asked.digest,
      ttlMs: input.pendingTtlMs ?? 10 * 60_000,
    };
    state.question = asked.text;
    return {
      outcome: { ok: false, kind: 'denied', reason: 'confirmation_required' },
      audited: null,
      result: 'pending_confirmation',
      digest: asked.digest,
    };
  }
  const before = input.crmRequests?.() ?? 0;
  const { outcome, reused } = await executeTool(
    { ctx, journal: input.journal },
    prepared.tool,
    prepared.args,
    prepared.digest,
    index,
  );
  if (outcome.ok && outcome.focus !== undefined) state.focus = outcome.focus;
  if (outcome.ok && outcome.memory) state.memory = applyChanges(state.memory, outcome.memory);
  return {
    outcome,
    audited: outcome,
    result: reused ? 'reused' : outcome.ok ? 'ok' : 'error',
    digest: prepared.digest,
    crmCalls: (input.crmRequests?.() ?? 0) - before,
  };
}

function toolContext(input: AgentInput, focus: Focus): ToolContext {
  return {
    crm: input.crm,
    tenant: input.tenant,
    role: input.role,
    focus,
    today: input.today,
    clock: input.clock,
    logger: input.logger,
    memory: input.memory ?? {},
    sender: input.sender ?? null,
    scheduler: input.scheduler ?? null,
    messageId: input.messageId,
    ...(input.outbound ? { outbound: input.outbound } : {}),
  };
}
