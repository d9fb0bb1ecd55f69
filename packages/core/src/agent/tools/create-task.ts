import { z } from 'zod';
import type { RecordSummary } from '../entities/summary.ts';
import { recordTargetSchema } from '../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../types.ts';
import { aboutEntitySchema, parentNotAllowed, parentsOf, withAbout } from './activities/about-record.ts';
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

async function create(
  ctx: ToolContext,
  a: Args,
  parent: { entity: string; record: RecordSummary } | null,
): Promise<ToolOutcome> {
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
      ...(parent ? { parentType: parent.entity, parentId: parent.record.id } : {}),
    },
    { skipDuplicateCheck: true },
  );
  return {
    ok: true,
    kind: 'task',
    ...(parent ? { entity: parent.entity } : {}),
    records: parent ? [parent.record] : [],
    detail: {
      taskId: task.record.id,
      name: a.name,
      dueDate: date ? (time ? `${date} ${time}` : date) : null,
      priority: a.priority ?? 'Normal',
    },
    ...(parent ? { focus: { entity: parent.entity, id: parent.record.id, name: parent.record.name } } : {}),
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
  async run(ctx, a) {
    const hasTarget = a.target && Object.values(a.target).some(Boolean);
    if (!hasTarget && !ctx.focus) return create(ctx, a, null);
    const parents = await parentsOf(ctx, 'Task');
    // The record in focus may be one a task cannot hang on (a mission): the task is then on its own.
    if (!hasTarget && !a.entity && ctx.focus && !parents.includes(ctx.focus.entity))
      return create(ctx, a, null);
    return withAbout(
      ctx,
      a.entity,
      a.target ?? {},
      (entity, record) =>
        parents.includes(entity)
          ? create(ctx, a, { entity, record })
          : Promise.resolve(parentNotAllowed('Task', entity, parents)),
      { activity: 'Task', parents },
    );
  },
});
