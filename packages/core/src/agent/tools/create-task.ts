import { z } from 'zod';
import { recordTargetSchema } from '../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../types.ts';
import { aboutEntitySchema } from './activities/about-record.ts';
import {
  type ActivityParent,
  onActivityParent,
  parentFields,
  parentOutcome,
} from './activities/activity-parent.ts';
import { checkTime, zonedToEspo } from './activities/zoned-time.ts';
import { defineTool } from './define-tool.ts';

const args = z.object({
  target: recordTargetSchema.optional(),
  entity: aboutEntitySchema,
  name: z.string().min(1).max(200),
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  dueTime: z.string().max(5).optional().describe('HH:mm'),
  priority: z.enum(['Low', 'Normal', 'High', 'Urgent']).optional(),
});

type Args = z.infer<typeof args>;

async function create(ctx: ToolContext, a: Args, parent: ActivityParent): Promise<ToolOutcome> {
  const time = a.dueTime ? checkTime(a.dueTime) : null;
  if (a.dueTime && !time)
    return { ok: false, kind: 'invalid', field: 'dueTime', reason: 'not_a_time', value: a.dueTime };
  const date = a.dueDate ?? (time ? ctx.today : undefined);
  const assignedUserId = await ctx.crm.currentUserId();
  const task = await ctx.crm.create(
    'Task',
    {
      name: a.name,
      assignedUserId,
      status: 'Not Started',
      priority: a.priority ?? 'Normal',
      // A time is the tenant's wall clock; a date alone keeps MAX's rule: 09:00 UTC, the same day in Europe.
      ...(date ? { dateEnd: time ? zonedToEspo(date, time, ctx.tenant.timezone) : `${date} 09:00:00` } : {}),
      ...parentFields(parent),
    },
    { skipDuplicateCheck: true },
  );
  return {
    ok: true,
    kind: 'task',
    ...parentOutcome(parent),
    detail: {
      taskId: task.record.id,
      name: a.name,
      dueDate: date ? (time ? `${date} ${time}` : date) : null,
      priority: a.priority ?? 'Normal',
    },
  };
}

export const createTask = defineTool({
  name: 'create_task',
  family: 'activities',
  description: 'Create a task (optionally about a record), due date YYYY-MM-DD, priority.',
  parameters: args,
  access: 'member',
  confirm: false,
  writes: true,
  run: (ctx, a) => onActivityParent(ctx, 'Task', a, (parent) => create(ctx, a, parent), { optional: true }),
});
