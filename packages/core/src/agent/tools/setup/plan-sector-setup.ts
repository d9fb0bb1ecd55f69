import { applyPlan } from '../../setup/apply-plan.ts';
import { setupPlanSchema } from '../../setup/plan.ts';
import { defineTool } from '../define-tool.ts';

/**
 * The model (or the rules engine, from a built-in template) proposes the plan; the pipeline shows it
 * and stores it with the pending action; the sender's yes applies exactly that plan.
 */
export const planSectorSetup = defineTool({
  name: 'plan_sector_setup',
  family: 'setup',
  description:
    "Admin: set up the CRM for the business's sector: custom fields (type, options, layouts) to add; applied after a yes.",
  parameters: setupPlanSchema,
  access: 'admin',
  confirm: true,
  writes: true,
  changesSchema: true,
  run: (ctx, plan) => applyPlan(ctx, plan),
});
