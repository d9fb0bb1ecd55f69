import type { AuditEntry } from '../../store/types.ts';
import { applyChanges } from '../memory/changes.ts';
import { withDefaults } from '../tools/memory/call-defaults.ts';
import type { Focus, ToolContext, ToolOutcome } from '../types.ts';
import { askConfirmation } from './ask-confirmation.ts';
import { auditRow, executeTool, prepareCall } from './execute-tool.ts';
import type { AgentInput, PlannedCall, RunState } from './run-state.ts';

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
  const engine = call.modelCallId ? 'model' : 'rules';
  const row = (result: AuditEntry['result'], o: ToolOutcome | null, digest: string | null, crmCalls = 0) =>
    state.audit.push(
      auditRow(
        { messageId: input.messageId, actor: input.actor, started, now: input.clock.now().getTime(), engine },
        call.name,
        result,
        o,
        digest,
        // Metering (the usage trigger reads it): the CRM requests this call made.
        crmCalls > 0 ? { crm_calls: crmCalls } : undefined,
      ),
    );
  // The tenant's remembered defaults (a lead's source…) fill what the command left out, for the
  // model's calls and the rules engine's alike; the tool's schema and checks then see them.
  const prepared = await prepareCall(withDefaults(call, state.memory), {
    role: input.role,
    tenant: input.tenant,
    pastPlanLimit: input.pastPlanLimit ?? false,
  });
  if (prepared.kind === 'refused') {
    row(
      prepared.outcome.ok ? 'ok' : prepared.outcome.kind === 'denied' ? 'denied' : 'error',
      prepared.outcome,
      null,
    );
    return prepared.outcome;
  }
  if (prepared.kind === 'confirm' || (prepared.kind === 'ready' && call.propose)) {
    // Described from the CRM now, in the sender's words; a record that cannot be read is answered
    // as such and nothing waits for a yes.
    const ctx = { ...toolContext(input, state.focus), memory: state.memory };
    const asked = await askConfirmation(ctx, prepared.tool, prepared.args, input.lang);
    if (!asked.ok) {
      row(asked.outcome.ok ? 'ok' : 'error', asked.outcome, prepared.digest);
      return asked.outcome;
    }
    state.pending = {
      key: input.pendingKey,
      tool: prepared.tool.name,
      args: asked.args,
      argsDigest: asked.digest,
      ttlMs: input.pendingTtlMs ?? 10 * 60_000,
    };
    state.question = asked.text;
    row('pending_confirmation', null, asked.digest);
    return { ok: false, kind: 'denied', reason: 'confirmation_required' };
  }
  const before = input.crmRequests?.() ?? 0;
  const { outcome, reused } = await executeTool(
    { ctx: { ...toolContext(input, state.focus), memory: state.memory }, journal: input.journal },
    prepared.tool,
    prepared.args,
    prepared.digest,
    index,
  );
  if (outcome.ok && outcome.focus !== undefined) state.focus = outcome.focus;
  if (outcome.ok && outcome.memory) state.memory = applyChanges(state.memory, outcome.memory);
  const crmCalls = (input.crmRequests?.() ?? 0) - before;
  row(reused ? 'reused' : outcome.ok ? 'ok' : 'error', outcome, prepared.digest, crmCalls);
  return outcome;
}

export function toolContext(input: AgentInput, focus: Focus): ToolContext {
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
