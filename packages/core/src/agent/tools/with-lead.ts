import type { LeadSummary, ToolContext, ToolOutcome } from '../types.ts';
import { type LeadTarget, resolveLead } from './lead-target.ts';

/** Resolves the target, then runs `fn` on exactly one lead; ambiguity and absence become outcomes. */
export async function withLead(
  ctx: ToolContext,
  target: LeadTarget,
  fn: (lead: LeadSummary) => Promise<ToolOutcome>,
): Promise<ToolOutcome> {
  const r = await resolveLead(ctx, target);
  if (r.kind === 'none') return { ok: false, kind: 'not_found', what: r.what };
  if (r.kind === 'many') return { ok: false, kind: 'ambiguous', candidates: r.candidates };
  return fn(r.record);
}
