import { z } from 'zod';
import { findCreated } from '../../agent/calls/guarded-crm.ts';
import { chatIdOfPhone, consentOf } from '../../agent/outreach/consent.ts';
import { followupReport } from '../../agent/render/followups.ts';
import { isAppError } from '../../shared/errors.ts';
import type { HandlerContext, KindHandler } from '../handler.ts';
import type { HandlerResult } from '../types.ts';
import { parseWith } from './parse.ts';

/** Over the tenant's daily cap, a follow-up waits this long before it tries again (the day turns). */
const CAP_RETRY_MS = 60 * 60_000;
/** The report waits for the sends still open. */
const REPORT_RETRY_MS = 60_000;

const sendPayload = z.object({
  entity: z.enum(['Lead', 'Contact']),
  id: z.string().min(1).max(64),
  text: z.string().min(1).max(1000),
  batch: z.string().min(1).max(100),
});

/**
 * `followup.send`: one person of a bulk follow-up. Consent and phone are read again now (a STOP
 * since the preview wins: nothing is sent); the tenant's pacing reserves the send (keyed by the
 * item, so a retry is the same send) or holds the item until it may go; the text goes on the
 * record's stream and to the person through the outbox, in the item's finishing transaction.
 */
export const followupSend: KindHandler = {
  quietHours: true,
  parse: parseWith(sendPayload),
  async run(ctx: HandlerContext, p: z.infer<typeof sendPayload>): Promise<HandlerResult> {
    const { crm } = await ctx.clients();
    let record: Awaited<ReturnType<typeof crm.get>>;
    try {
      record = await crm.get(p.entity, p.id);
    } catch (e) {
      if (isAppError(e) && e.code === 'not_found') return { outcome: 'done', result: { skipped: 'gone' } };
      throw e;
    }
    if (consentOf(record) !== 'granted') return { outcome: 'done', result: { skipped: 'consent' } };
    const chatId = chatIdOfPhone(record.phoneNumber, ctx.tenant.defaultCountry);
    if (!chatId) return { outcome: 'done', result: { skipped: 'no_phone' } };
    if (!ctx.store?.reserveOutbound) return { outcome: 'done', result: { skipped: 'outbound_off' } };
    const r = await ctx.store.reserveOutbound(ctx.tenant.id, ctx.item.dedupeKey, chatId);
    if (!r.ok) {
      const wait = r.reason === 'spacing' ? Math.max(1000, r.retryAfterMs) : CAP_RETRY_MS;
      return { outcome: 'later', dueAt: new Date(ctx.clock.now().getTime() + wait), reason: r.reason };
    }
    const note = {
      type: 'Post',
      parentType: p.entity,
      parentId: p.id,
      post: `📤 WhatsApp (MAX, relance / follow-up): ${p.text}`,
    };
    // A retry of this item may follow a note its earlier attempt posted: found, not posted again.
    const since = new Date(ctx.clock.now().getTime() - 24 * 60 * 60_000);
    const posted = ctx.item.attempts > 1 ? await findCreated(crm, 'Note', note, since) : null;
    if (!posted) await crm.create('Note', note, { skipDuplicateCheck: true });
    return { outcome: 'done', messages: [{ chatId, body: p.text }], result: { sent: 1 } };
  },
};

const reportPayload = z.object({
  batch: z.string().min(1).max(100),
  total: z.number().int().min(0),
  lang: z.enum(['fr', 'en']),
});

/** `followup.report`: once every send of the batch is final, what became of them, to the sender. */
export const followupReportKind: KindHandler = {
  quietHours: true,
  parse: parseWith(reportPayload),
  async run(ctx: HandlerContext, p: z.infer<typeof reportPayload>): Promise<HandlerResult> {
    if (!ctx.store) return { outcome: 'done', result: { reported: false } };
    const rows = (await ctx.store.operate(
      'followup_report',
      async (sql) => sql`
        select state, coalesce(result ->> 'sent', '') as sent, count(*)::int as n
          from public.scheduled_items
         where tenant_id = ${ctx.tenant.id} and kind = 'followup.send'
           and dedupe_key like ${`followup:${p.batch}:%`}
         group by 1, 2`,
    )) as unknown as Array<{ state: string; sent: string; n: number }>;
    const count = (f: (r: { state: string; sent: string }) => boolean) =>
      rows.filter(f).reduce((s, r) => s + r.n, 0);
    if (count((r) => ['pending', 'queued', 'running'].includes(r.state)) > 0)
      return {
        outcome: 'later',
        dueAt: new Date(ctx.clock.now().getTime() + REPORT_RETRY_MS),
        reason: 'sends_open',
      };
    const sent = count((r) => r.state === 'done' && r.sent === '1');
    const r = {
      total: p.total,
      sent,
      skipped: count((x) => x.state === 'done') - sent,
      failed: count((x) => x.state === 'failed'),
      cancelled: count((x) => x.state === 'cancelled'),
    };
    const to = ctx.item.chatId;
    return {
      outcome: 'done',
      messages: to ? [{ chatId: to, body: followupReport(p.lang, r) }] : [],
      result: { sent: r.sent, skipped: r.skipped, failed: r.failed },
    };
  },
};
