import { z } from 'zod';
import type { LeadSummary, ToolContext, ToolOutcome } from '../types.ts';
import { defineTool } from './define-tool.ts';
import { leadTargetSchema } from './lead-target.ts';
import { withLead } from './with-lead.ts';

const args = z.object({
  target: leadTargetSchema.optional(),
  name: z.string().min(1).max(200),
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  priority: z.enum(['Low', 'Normal', 'High', 'Urgent']).optional(),
});

async function create(
  ctx: ToolContext,
  a: z.infer<typeof args>,
  lead: LeadSummary | null,
): Promise<ToolOutcome> {
  const assignedUserId = await ctx.crm.currentUserId();
  const task = await ctx.crm.create(
    'Task',
    {
      name: a.name,
      assignedUserId,
      status: 'Not Started',
      priority: a.priority ?? 'Normal',
      // EspoCRM date-times are UTC; 09:00 UTC keeps the due date on the same day in Europe.
      ...(a.dueDate ? { dateEnd: `${a.dueDate} 09:00:00` } : {}),
      ...(lead ? { parentType: 'Lead', parentId: lead.id } : {}),
    },
    { skipDuplicateCheck: true },
  );
  return {
    ok: true,
    kind: 'task',
    records: lead ? [lead] : [],
    detail: {
      taskId: task.record.id,
      name: a.name,
      dueDate: a.dueDate ?? null,
      priority: a.priority ?? 'Normal',
    },
    ...(lead ? { focus: { entity: 'Lead', id: lead.id, name: lead.name } } : {}),
  };
}

export const createTask = defineTool({
  name: 'create_task',
  family: 'activities',
  description: 'Create a task (optionally about a lead), with a due date YYYY-MM-DD and a priority.',
  parameters: args,
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, a) {
    const hasTarget = a.target && Object.values(a.target).some(Boolean);
    if (!hasTarget && !ctx.focus) return create(ctx, a, null);
    return withLead(ctx, a.target ?? {}, (lead) => create(ctx, a, lead));
  },
});
