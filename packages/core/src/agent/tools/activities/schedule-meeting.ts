import { z } from 'zod';
import { recordTargetSchema } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { defineTool } from '../define-tool.ts';
import { aboutEntitySchema } from './about-record.ts';
import { type ActivityParent, onActivityParent, parentFields, parentOutcome } from './activity-parent.ts';
import { type When, whenOf } from './when.ts';

const DEFAULT_MINUTES = 60;

const args = z.object({
  target: recordTargetSchema.optional(),
  entity: aboutEntitySchema,
  date: z.string().max(10).optional().describe('YYYY-MM-DD'),
  time: z.string().max(5).optional().describe('HH:mm'),
  minutes: z.number().int().min(5).max(1440).optional(),
  subject: z.string().max(150).optional(),
});

async function schedule(
  ctx: ToolContext,
  a: z.infer<typeof args>,
  slot: When,
  parent: ActivityParent,
): Promise<ToolOutcome> {
  const minutes = a.minutes ?? DEFAULT_MINUTES;
  const fr = ctx.tenant.locale === 'fr';
  const name = (
    a.subject?.trim() ||
    (parent
      ? `${fr ? 'RDV' : 'Meeting'} – ${parent.record.name ?? parent.record.id}`
      : fr
        ? 'Rendez-vous'
        : 'Meeting')
  ).slice(0, 150);
  const meeting = await ctx.crm.create(
    'Meeting',
    {
      name,
      status: 'Planned',
      assignedUserId: await ctx.crm.currentUserId(),
      // EspoCRM stores UTC; both ends are required (a duration never sets dateEnd in 8.4.2).
      dateStart: slot.start,
      dateEnd: slot.end(minutes),
      ...parentFields(parent),
    },
    { skipDuplicateCheck: true },
  );
  return {
    ok: true,
    kind: 'meeting_scheduled',
    ...parentOutcome(parent),
    detail: {
      meetingId: meeting.record.id,
      name: String(meeting.record.name ?? name),
      ...slot.local,
      minutes,
    },
  };
}

export const scheduleMeeting = defineTool({
  name: 'schedule_meeting',
  family: 'activities',
  description: 'Schedule a meeting with a record at a local date and time.',
  parameters: args,
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, a) {
    const when = whenOf(ctx, a.date, a.time, 'required');
    if (!when.ok) return when.invalid;
    return onActivityParent(ctx, 'Meeting', a, (parent) => schedule(ctx, a, when.value, parent), {
      optional: false,
    });
  },
});
