import { z } from 'zod';
import { sha256Hex } from '../../../shared/crypto.ts';
import { recordTargetSchema } from '../../entities/target.ts';
import { chatIdOfPhone, consentOf } from '../../outreach/consent.ts';
import { defineTool } from '../define-tool.ts';
import { personEntitySchema, withPerson } from './person-record.ts';
import { whatsappRefused } from './whatsapp-refused.ts';

/**
 * A WhatsApp message to a lead or contact, from the tenant's own Green-API instance: only with
 * the person's recorded consent, within the tenant's daily cap and spacing, once per request (a
 * retry reuses the stored result, or finds the send in Green-API's record). The text and Green-API's
 * id go on the record's stream; the audit row keeps the id, never the text or the number.
 */
export const sendWhatsapp = defineTool({
  name: 'send_whatsapp',
  family: 'outreach',
  description:
    'Send a WhatsApp message to a lead or contact (needs their recorded consent; paced and capped per tenant).',
  parameters: z.object({
    target: recordTargetSchema,
    entity: personEntitySchema,
    text: z.string().trim().min(1).max(1000),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    return withPerson(ctx, args.entity, args.target, async (entity, summary, record) => {
      const name = summary.name ?? '';
      const consent = consentOf(record);
      if (consent === 'opted_out') return whatsappRefused('opted_out', name);
      if (consent !== 'granted') return whatsappRefused('no_consent', name);
      const chatId = chatIdOfPhone(record.phoneNumber, ctx.tenant.defaultCountry);
      if (!chatId) return whatsappRefused('no_phone', name);
      if (!ctx.outbound) return whatsappRefused('outbound_off', name);
      const key = `wa:${ctx.messageId ?? 'direct'}:${(await sha256Hex(`${chatId}\n${args.text}`)).slice(0, 24)}`;
      const sent = await ctx.outbound.send({
        chatId,
        text: args.text,
        key,
        ...(ctx.retryOf ? { retryOf: ctx.retryOf } : {}),
      });
      if (!sent.ok) {
        if (sent.reason === 'daily_cap') return whatsappRefused('daily_cap', String(sent.cap));
        if (sent.reason === 'spacing')
          return whatsappRefused('spacing', String(Math.ceil(sent.retryAfterMs / 1000)));
        return whatsappRefused('outbound_off', name);
      }
      const note = await ctx.crm.create(
        'Note',
        {
          type: 'Post',
          parentType: entity,
          parentId: summary.id,
          post: `📤 WhatsApp (MAX): ${args.text}\n[Green-API ${sent.idMessage}]`,
        },
        { skipDuplicateCheck: true },
      );
      return {
        ok: true,
        kind: 'whatsapp_sent',
        entity,
        records: [summary],
        detail: {
          idMessage: sent.idMessage,
          noteId: note.record.id,
          ...(sent.sentToday !== undefined ? { sentToday: sent.sentToday, cap: sent.cap } : {}),
        },
        focus: { entity, id: summary.id, name: summary.name },
        audit: { idMessage: sent.idMessage, noteId: note.record.id },
      };
    });
  },
});
