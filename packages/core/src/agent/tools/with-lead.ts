import { withRecord } from '../entities/target.ts';
import type { LeadSummary, ToolContext, ToolOutcome } from '../types.ts';
import type { LeadTarget } from './lead-target.ts';

/** Resolves the target, then runs `fn` on exactly one lead; ambiguity and absence become outcomes. */
export const withLead = (
  ctx: ToolContext,
  target: LeadTarget,
  fn: (lead: LeadSummary) => Promise<ToolOutcome>,
): Promise<ToolOutcome> => withRecord(ctx, 'Lead', target, fn);
