import type { RecordSummary } from '../../entities/summary.ts';
import type { RecordTarget } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { parentNotAllowed, parentsOf, withAbout } from './about-record.ts';

/** The record an activity hangs on (its parent), or null for one that stands alone. */
export type ActivityParent = { entity: string; record: RecordSummary } | null;

/** The parent fields of the activity's CRM record. */
export const parentFields = (parent: ActivityParent) =>
  parent ? { parentType: parent.entity, parentId: parent.record.id } : {};

/** What the activity's outcome says of its parent: the entity, the record, and the focus it leaves. */
export const parentOutcome = (parent: ActivityParent) =>
  parent
    ? {
        entity: parent.entity,
        records: [parent.record],
        focus: { entity: parent.entity, id: parent.record.id, name: parent.record.name },
      }
    : { records: [] };

/**
 * The one record resolver of the activities that may stand alone (create_task, schedule_meeting):
 * the record named (target, entity), else the record in focus, else none; a record of an entity
 * the activity cannot hang on is refused with the ones it can. `optional`: an entity named without
 * a record, or a focus record the activity cannot hang on, leaves the activity on its own (a task);
 * otherwise they are resolved (a meeting asks which record).
 */
export async function onActivityParent(
  ctx: ToolContext,
  activity: 'Task' | 'Meeting',
  a: { entity?: string | undefined; target?: RecordTarget | undefined },
  make: (parent: ActivityParent) => Promise<ToolOutcome>,
  o: { optional: boolean },
): Promise<ToolOutcome> {
  const hasTarget = a.target && Object.values(a.target).some(Boolean);
  if (!hasTarget && !ctx.focus && (o.optional || !a.entity)) return make(null);
  const parents = await parentsOf(ctx, activity);
  // The record in focus may be one the activity cannot hang on (a mission).
  if (o.optional && !hasTarget && !a.entity && ctx.focus && !parents.includes(ctx.focus.entity))
    return make(null);
  return withAbout(
    ctx,
    a.entity,
    a.target ?? {},
    (entity, record) =>
      parents.includes(entity)
        ? make({ entity, record })
        : Promise.resolve(parentNotAllowed(activity, entity, parents)),
    { activity, parents },
  );
}
