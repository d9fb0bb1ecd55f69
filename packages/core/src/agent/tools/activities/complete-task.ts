import { z } from 'zod';
import { toSummary } from '../../entities/summary.ts';
import { recordTargetSchema } from '../../entities/target.ts';
import { defineTool } from '../define-tool.ts';
import { type OwnedSpec, resolveOwned } from './owned-records.ts';

/** "la tâche de Dupont": an open task by its own name, or one whose parent is Dupont. */
const OPEN_TASKS: OwnedSpec = {
  entity: 'Task',
  owners: ['Lead', 'Contact', 'Account', 'Opportunity'].map((entity) => ({ entity, attribute: 'parentId' })),
  where: [{ type: 'in', attribute: 'status', value: ['Not Started', 'Started'] }],
};

export const completeTask = defineTool({
  name: 'complete_task',
  family: 'activities',
  description: "Mark a task done (by its id or name, or the name of the record it's about).",
  parameters: z.object({ target: recordTargetSchema }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, a) {
    const found = await resolveOwned(ctx, OPEN_TASKS, a.target);
    if (found.kind === 'none') return { ok: false, kind: 'not_found', what: found.what, entity: 'Task' };
    if (found.kind === 'many')
      return { ok: false, kind: 'ambiguous', candidates: found.candidates, entity: 'Task' };
    const task = found.record;
    // Marking a done task done again changes nothing: a retry after a lost answer is harmless.
    const updated = toSummary('Task', await ctx.crm.update('Task', task.id, { status: 'Completed' }));
    const record = { ...updated, name: updated.name ?? task.name };
    return {
      ok: true,
      kind: 'task_done',
      entity: 'Task',
      records: [record],
      focus: { entity: 'Task', id: record.id, name: record.name },
    };
  },
});
