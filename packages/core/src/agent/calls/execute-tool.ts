import { describeError, isAppError, isBadAnswer } from '../../shared/errors.ts';
import type { ToolContext, ToolDefinition, ToolOutcome } from '../types.ts';
import { guardCrm } from './guarded-crm.ts';
import { recordUnknown, type ToolJournal } from './journal.ts';

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
      if (journaled && isAppError(e))
        await recordUnknown(env.journal, env.ctx.logger, tool.name, digest, index);
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
