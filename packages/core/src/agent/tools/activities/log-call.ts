import { z } from 'zod';
import { recordTargetSchema } from '../../entities/target.ts';
import { defineTool } from '../define-tool.ts';
import { aboutEntitySchema, parentNotAllowed, parentsOf, withAbout } from './about-record.ts';
import { type When, whenOf } from './when.ts';

/** EspoCRM's default call length (Call.duration default: 300 s). */
const DEFAULT_MINUTES = 5;

export const logCall = defineTool({
  name: 'log_call',
  family: 'activities',
  description: 'Log a call held with a record (default: now, 5 min).',
  parameters: z.object({
    target: recordTargetSchema,
    entity: aboutEntitySchema,
    date: z.string().max(10).optional().describe('YYYY-MM-DD'),
    time: z.string().max(5).optional().describe('HH:mm'),
    minutes: z.number().int().min(1).max(600).optional(),
    inbound: z.boolean().optional().describe('they called'),
    description: z.string().max(4000).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, a) {
    const when = whenOf(ctx, a.date, a.time, 'now');
    if (!when.ok) return when.invalid;
    const parents = await parentsOf(ctx, 'Call');
    return withAbout(
      ctx,
      a.entity,
      a.target,
      async (entity, record) => {
        if (!parents.includes(entity)) return parentNotAllowed('Call', entity, parents);
        const minutes = a.minutes ?? DEFAULT_MINUTES;
        const slot: When = when.value;
        // The name holds no time: a retry after a lost answer must look for the very same call.
        const name = `${ctx.tenant.locale === 'fr' ? 'Appel' : 'Call'} – ${record.name ?? record.id}`.slice(
          0,
          150,
        );
        const call = await ctx.crm.create(
          'Call',
          {
            name,
            status: 'Held',
            direction: a.inbound ? 'Inbound' : 'Outbound',
            assignedUserId: await ctx.crm.currentUserId(),
            // EspoCRM 8.4.2 needs both ends: a duration never sets dateEnd.
            dateStart: slot.start,
            dateEnd: slot.end(minutes),
            parentType: entity,
            parentId: record.id,
            ...(a.description ? { description: a.description } : {}),
          },
          { skipDuplicateCheck: true },
        );
        return {
          ok: true,
          kind: 'call_logged',
          entity,
          records: [record],
          detail: {
            callId: call.record.id,
            name: String(call.record.name ?? name),
            ...slot.local,
            minutes,
            inbound: Boolean(a.inbound),
            ...(a.description ? { description: a.description } : {}),
          },
          focus: { entity, id: record.id, name: record.name },
        };
      },
      { activity: 'Call', parents },
    );
  },
});
