import { z } from 'zod';
import { toEspo } from '../../agent/tools/activities/zoned-time.ts';
import type { CrmClient, CrmRecord, WhereClause } from '../../crm/port.ts';
import type { HandlerContext, KindHandler } from '../handler.ts';
import { memberSettings, nextDate } from '../settings.ts';
import type { HandlerResult } from '../types.ts';
import { dayBounds, parseWith } from './parse.ts';
import { type WeeklyFigures, weeklyText } from './report-texts.ts';

/** Records read per list for the summary (a week of a small business is far below). */
const LIMIT = 2000;
const payload = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

const between = (attribute: string, b: { from: string; to: string }): WhereClause[] => [
  { type: 'greaterThanOrEquals', attribute, value: b.from },
  { type: 'lessThan', attribute, value: b.to },
];
const countBy = (rows: CrmRecord[], field: string) => {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const k = String(r[field] ?? '—') || '—';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};
const amount = (r: CrmRecord) => (typeof r.amount === 'number' ? r.amount : Number(r.amount ?? 0) || 0);

/** The week before `day` (its 7 local days) in figures, from the CRM. */
export async function weeklyFigures(
  crm: CrmClient,
  o: { day: string; timeZone: string; now: Date; goals: Record<string, string> },
): Promise<WeeklyFigures> {
  const week = dayBounds(nextDate(o.day, -7), o.timeZone, 7);
  const before = dayBounds(nextDate(o.day, -14), o.timeZone, 7);
  const [leads, leadsBefore, open, won, done, overdue] = await Promise.all([
    crm.listAll('Lead', { where: between('createdAt', week), select: ['id', 'source', 'status'] }, LIMIT),
    crm.list('Lead', { where: between('createdAt', before), select: ['id'], maxSize: 1 }),
    crm.listAll(
      'Opportunity',
      {
        where: [{ type: 'notIn', attribute: 'stage', value: ['Closed Won', 'Closed Lost'] }],
        select: ['id', 'stage', 'amount'],
      },
      LIMIT,
    ),
    crm.listAll(
      'Opportunity',
      {
        where: [{ type: 'equals', attribute: 'stage', value: 'Closed Won' }, ...between('modifiedAt', week)],
        select: ['id', 'amount'],
      },
      LIMIT,
    ),
    crm.list('Task', {
      where: [{ type: 'equals', attribute: 'status', value: 'Completed' }, ...between('modifiedAt', week)],
      select: ['id'],
      maxSize: 1,
    }),
    crm.list('Task', {
      where: [
        { type: 'in', attribute: 'status', value: ['Not Started', 'Started'] },
        { type: 'lessThan', attribute: 'dateEnd', value: toEspo(o.now.getTime()) },
      ],
      select: ['id'],
      maxSize: 1,
    }),
  ]);
  const openByStage: WeeklyFigures['openByStage'] = {};
  for (const r of open) {
    const s = String(r.stage ?? '—');
    const cur = openByStage[s] ?? { count: 0, amount: 0 };
    openByStage[s] = { count: cur.count + 1, amount: cur.amount + amount(r) };
  }
  return {
    from: nextDate(o.day, -7),
    to: nextDate(o.day, -1),
    leads: leads.length,
    leadsBefore: leadsBefore.total,
    bySource: countBy(leads, 'source'),
    byStatus: countBy(leads, 'status'),
    converted: leads.filter((r) => r.status === 'Converted').length,
    openByStage,
    won: { count: won.length, amount: won.reduce((a, r) => a + amount(r), 0) },
    tasksDone: done.total,
    tasksOverdue: overdue.total,
    goals: Object.entries(o.goals)
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([, v]) => v),
  };
}

/** `report.weekly`: the week's summary to each admin who did not turn it off (nor STOP MAX). */
export const reportWeekly: KindHandler = {
  quietHours: true,
  parse: parseWith(payload),
  async run(ctx: HandlerContext, p: z.infer<typeof payload>): Promise<HandlerResult> {
    if (!ctx.settings.tenant.weeklyReport) return { outcome: 'done', result: { skipped: 'off' } };
    const admins = ctx.team.filter(
      (m) => m.role === 'admin' && !m.optedOut && memberSettings(ctx.settings, m.chatId).weeklyReport,
    );
    if (!admins.length) return { outcome: 'done', result: { skipped: 'no_admin' } };
    const crm = (await ctx.clients()).crm;
    const f = await weeklyFigures(crm, {
      day: p.day,
      timeZone: ctx.tenant.timezone,
      now: ctx.clock.now(),
      goals: ctx.goals,
    });
    const body = weeklyText(ctx.tenant.locale, f);
    return {
      outcome: 'done',
      messages: admins.map((m) => ({ chatId: m.chatId, body })),
      result: { admins: admins.length, leads: f.leads, converted: f.converted },
    };
  },
};
