import { z } from 'zod';
import { recordTargetSchema } from '../../entities/target.ts';
import { CONSENT, CONSENT_FIELD, consentOf } from '../../outreach/consent.ts';
import { defineTool } from '../define-tool.ts';
import { personEntitySchema, withPerson } from './person-record.ts';
import { whatsappRefused } from './whatsapp-refused.ts';

/**
 * The team records a person's WhatsApp consent ("Marie Dupont accepte les messages WhatsApp") or
 * withdraws it. A person's own STOP is theirs: the team cannot grant over it, only the person's
 * START can (see outreach/lead-reply.ts).
 */
export const setWhatsappConsent = defineTool({
  name: 'set_whatsapp_consent',
  family: 'outreach',
  description:
    "Record that a lead or contact agreed to WhatsApp messages (granted) or no longer does (revoked). A person's own STOP cannot be overridden.",
  parameters: z.object({
    target: recordTargetSchema,
    entity: personEntitySchema,
    consent: z.enum(['granted', 'revoked']),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    return withPerson(ctx, args.entity, args.target, async (entity, summary, record) => {
      const now = consentOf(record);
      if (args.consent === 'granted' && now === 'opted_out')
        return whatsappRefused('opted_out', summary.name ?? '');
      const value =
        args.consent === 'granted' ? CONSENT.granted : now === 'opted_out' ? CONSENT.optedOut : CONSENT.none;
      if (record[CONSENT_FIELD] !== value)
        await ctx.crm.update(entity, summary.id, { [CONSENT_FIELD]: value });
      return {
        ok: true,
        kind: 'whatsapp_consent',
        entity,
        records: [summary],
        detail: { consent: args.consent },
        focus: { entity, id: summary.id, name: summary.name },
        audit: { consent: args.consent },
      };
    });
  },
});
