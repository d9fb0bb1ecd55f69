import { z } from 'zod';
import { espoToZoned } from '../../agent/tools/activities/zoned-time.ts';
import type { CrmClient, WhereClause } from '../../crm/port.ts';
import type { HandlerContext, KindHandler } from '../handler.ts';
import { memberSettings, nextDate } from '../settings.ts';
import type { HandlerResult } from '../types.ts';
import { dayBounds, parseWith } from './parse.ts';
import { digestText } from './report-texts.ts';

const OPEN_TASK: WhereClause = { type: 'in', attribute: 'status', value: ['Not Started', 'Started'] };
/** At most this many lines of each list (the counts are exact). */
const SHOWN = 8;

/** Records whose `attribute` falls on a day: from its start (included) to the next day's (excluded). */
const onDay = (attribute: string, day: { from: string; to: string }): WhereClause[] => [
  { type: 'greaterThanOrEquals', attribute, value: day.from },
  { type: 'lessThan', attribute, value: day.to },
];

const payload = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

async function listed(crm: CrmClient, entity: string, where: WhereClause[], date: string) {
  const r = await crm.list(entity, {
    where,
    select: ['id', 'name', date],
    orderBy: date,
    order: 'asc',
    maxSize: SHOWN,
  });
  return {
    total: r.total,
    names: r.list.map((x) => ({ name: String(x.name ?? '—'), at: x[date] as string | null })),
  };
}

/**
 * `digest.daily`: one member's morning summary (opt-in): today's tasks and meetings, overdue tasks,
 * the leads created yesterday. Their own records when they are mapped to a CRM user.
 */
export const digestDaily: KindHandler = {
  quietHours: true,
  parse: parseWith(payload),
  async run(ctx: HandlerContext, p: z.infer<typeof payload>): Promise<HandlerResult> {
    const chatId = ctx.item.chatId;
    if (!chatId) return { outcome: 'done', result: { skipped: 'no_chat' } };
    const ms = memberSettings(ctx.settings, chatId);
    const member = ctx.team.find((m) => m.chatId === chatId);
    if (!ms.digest || !member || member.optedOut) return { outcome: 'done', result: { skipped: 'off' } };
    const crm = (await ctx.clients()).crm;
    const tz = ctx.tenant.timezone;
    const today = dayBounds(p.day, tz);
    const yesterday = dayBounds(nextDate(p.day, -1), tz);
    const mine: WhereClause[] = ms.crmUserId
      ? [{ type: 'equals', attribute: 'assignedUserId', value: ms.crmUserId }]
      : [];
    const [tasks, meetings, overdue, leads] = await Promise.all([
      listed(crm, 'Task', [OPEN_TASK, ...mine, ...onDay('dateEnd', today)], 'dateEnd'),
      listed(
        crm,
        'Meeting',
        [{ type: 'equals', attribute: 'status', value: 'Planned' }, ...mine, ...onDay('dateStart', today)],
        'dateStart',
      ),
      listed(
        crm,
        'Task',
        [
          OPEN_TASK,
          ...mine,
          // Overdue: due before today (today's are listed above, whatever their hour).
          { type: 'lessThan', attribute: 'dateEnd', value: today.from },
        ],
        'dateEnd',
      ),
      listed(crm, 'Lead', onDay('createdAt', yesterday), 'createdAt'),
    ]);
    const time = (at: string | null) => (at ? (espoToZoned(at, tz)?.time ?? '') : '');
    type Listed = Awaited<ReturnType<typeof listed>>;
    const timed = (l: Listed) => ({
      total: l.total,
      lines: l.names.map((t) => `${time(t.at)} ${t.name}`.trim()),
    });
    const named = (l: Listed) => ({ total: l.total, lines: l.names.map((t) => t.name) });
    const body = digestText(ctx.tenant.locale, member.name, {
      tasks: timed(tasks),
      meetings: timed(meetings),
      overdue: named(overdue),
      leads: named(leads),
    });
    return {
      outcome: 'done',
      messages: [{ chatId, body }],
      result: { tasks: tasks.total, meetings: meetings.total, overdue: overdue.total, leads: leads.total },
    };
  },
};
