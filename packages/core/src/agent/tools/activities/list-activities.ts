import { z } from 'zod';
import type { CrmRecord, WhereClause } from '../../../crm/port.ts';
import { entitySpec } from '../../entities/specs.ts';
import { type RecordSummary, toSummary } from '../../entities/summary.ts';
import { recordTargetSchema } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { defineTool } from '../define-tool.ts';
import { withAbout } from './about-record.ts';
import { addMinutes, espoToZoned, toEspo } from './zoned-time.ts';

const MAX = 10;

/** Still to do: open tasks (any due date), planned meetings and calls from now on. */
const OPEN: Record<string, { status: string[]; date: string }> = {
  Task: { status: ['Not Started', 'Started'], date: 'dateEnd' },
  Meeting: { status: ['Planned'], date: 'dateStart' },
  Call: { status: ['Planned'], date: 'dateStart' },
};

/** A task, meeting or call as the agenda shows it: its date read on the tenant's wall clock. */
function agendaItem(ctx: ToolContext, entity: string, r: CrmRecord): RecordSummary {
  const s = toSummary(entity, r);
  const at = r[OPEN[entity]!.date];
  const local = typeof at === 'string' && at ? espoToZoned(at, ctx.tenant.timezone) : null;
  return {
    ...s,
    extra: {
      when: local ? `${local.date} ${local.time}` : null,
      parentName: typeof r.parentName === 'string' ? r.parentName : null,
    },
  };
}

async function upcoming(
  ctx: ToolContext,
  entity: string,
  days: number | undefined,
  parentId: string | null,
): Promise<{ total: number; items: RecordSummary[] }> {
  const open = OPEN[entity]!;
  const now = toEspo(Math.floor(ctx.clock.now().getTime() / 60_000) * 60_000);
  const where: WhereClause[] = [{ type: 'in', attribute: 'status', value: open.status }];
  // Overdue tasks are still to do; a meeting that has passed is not upcoming.
  if (entity !== 'Task') where.push({ type: 'greaterThanOrEquals', attribute: open.date, value: now });
  if (days) where.push({ type: 'lessThan', attribute: open.date, value: addMinutes(now, days * 1440) });
  if (parentId) where.push({ type: 'equals', attribute: 'parentId', value: parentId });
  const res = await ctx.crm.list(entity, {
    where,
    select: [...new Set([...(entitySpec(entity)?.select ?? ['id', 'name']), open.date, 'parentName'])],
    orderBy: open.date,
    order: 'asc',
    maxSize: MAX * 2,
  });
  // Undated tasks last (SQL puts NULLs first in ascending order).
  const dated = res.list.filter((r) => r[open.date]);
  const undated = res.list.filter((r) => !r[open.date]);
  return { total: res.total, items: [...dated, ...undated].map((r) => agendaItem(ctx, entity, r)) };
}

export const listActivities = defineTool({
  name: 'list_activities',
  family: 'activities',
  description: 'List open tasks and upcoming meetings/calls, optionally of one record.',
  parameters: z.object({
    kind: z.enum(['Task', 'Meeting', 'Call']).optional(),
    target: recordTargetSchema.optional(),
    days: z.number().int().min(1).max(366).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, a) {
    const kinds = a.kind ? [a.kind] : ['Task', 'Meeting'];
    const run = async (parent: { entity: string; record: RecordSummary } | null): Promise<ToolOutcome> => {
      const items: RecordSummary[] = [];
      let total = 0;
      for (const k of kinds) {
        const r = await upcoming(ctx, k, a.days, parent?.record.id ?? null);
        // Each kind gets its share: ten overdue tasks do not hide tomorrow's meeting.
        items.push(...r.items.slice(0, Math.ceil(MAX / kinds.length)));
        total += r.total;
      }
      const shown = items;
      return {
        ok: true,
        kind: 'agenda',
        entity: kinds[0]!,
        records: shown,
        detail: {
          kinds,
          total,
          timeZone: ctx.tenant.timezone,
          ...(parent ? { about: parent.record.name ?? parent.record.id } : {}),
        },
        ...(parent
          ? { focus: { entity: parent.entity, id: parent.record.id, name: parent.record.name } }
          : {}),
      };
    };
    const hasTarget = a.target && Object.values(a.target).some(Boolean);
    if (!hasTarget) return run(null);
    return withAbout(ctx, undefined, a.target ?? {}, (entity, record) => run({ entity, record }));
  },
});
