import { z } from 'zod';
import { followupTargets } from '../../outreach/followup-targets.ts';
import { defineTool } from '../define-tool.ts';
import { whatsappRefused } from './whatsapp-refused.ts';

/** Seconds between two follow-ups as scheduled (the tenant's pacing holds each send again when it runs). */
export const FOLLOWUP_SPACING_S = 20;

/**
 * A bulk follow-up ("relance les leads En cours sans activité depuis 7 jours avec : …"): after the
 * sender's yes on the preview (the people listed, pinned by id), one scheduled send per person,
 * paced (scheduler/kinds/followup.ts: consent checked again, the tenant's cap and spacing), and a
 * final report to the sender. Once per confirmation: the items are keyed by it.
 */
export const planFollowups = defineTool({
  name: 'plan_followups',
  family: 'outreach',
  description:
    'Follow up by WhatsApp the leads of a status idle for N days, with one text (only those with consent; paced; after a yes).',
  parameters: z.object({
    status: z.enum(['New', 'Assigned', 'In Process', 'Converted', 'Recycled', 'Dead']).optional(),
    idleDays: z.number().int().min(1).max(365),
    text: z.string().trim().min(1).max(1000),
    /** The people the preview showed (set by the confirmation): the yes sends to them only. */
    ids: z.array(z.string().min(1).max(64)).max(200).optional(),
  }),
  access: 'admin',
  confirm: true,
  writes: true,
  async run(ctx, args) {
    if (!ctx.scheduler || !ctx.messageId) return whatsappRefused('outbound_off');
    const { targets } = await followupTargets(ctx, args);
    const chosen = args.ids ? targets.filter((t) => args.ids!.includes(t.id)) : targets;
    const batch = ctx.messageId;
    const now = ctx.clock.now().getTime();
    const items = chosen.map((t, i) => ({
      kind: 'followup.send',
      dedupeKey: `followup:${batch}:${t.id}`,
      dueAt: new Date(now + i * FOLLOWUP_SPACING_S * 1000),
      subject: `Lead:${t.id}`,
      payload: { entity: 'Lead', id: t.id, text: args.text, batch },
    }));
    const reportAt = new Date(now + chosen.length * FOLLOWUP_SPACING_S * 1000 + 60_000);
    await ctx.scheduler.schedule([
      ...items,
      {
        kind: 'followup.report',
        dedupeKey: `followup:${batch}:report`,
        dueAt: reportAt,
        payload: { batch, total: chosen.length, lang: ctx.sender?.language ?? ctx.tenant.locale },
        chatId: ctx.scheduler.chatId,
      },
    ]);
    return {
      ok: true,
      kind: 'followups_planned',
      records: chosen.map((t) => ({ id: t.id, name: t.name, entity: 'Lead' })),
      entity: 'Lead',
      detail: { count: chosen.length, spacing: FOLLOWUP_SPACING_S, reportAt: reportAt.toISOString() },
      audit: { count: chosen.length, batch },
    };
  },
});
