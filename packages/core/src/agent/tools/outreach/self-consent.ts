import { z } from 'zod';
import { CONSENT, CONSENT_FIELD } from '../../outreach/consent.ts';
import { defineTool } from '../define-tool.ts';

/**
 * What a lead or contact says about themselves on WhatsApp: STOP (opted out) or START (opted in),
 * kept on their record with a line on its stream. Never offered to the model nor to the rules
 * engine: only the person's own message runs it (lead-reply.ts), through the journal (once).
 */
export const recordOwnConsent = defineTool({
  name: 'record_own_consent',
  family: 'outreach',
  description: "A person's own STOP or START, on their record.",
  parameters: z.object({
    entity: z.enum(['Lead', 'Contact']),
    id: z.string().min(1).max(64),
    consent: z.enum(['opted_out', 'granted']),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const value = args.consent === 'opted_out' ? CONSENT.optedOut : CONSENT.granted;
    const record = await ctx.crm.update(args.entity, args.id, { [CONSENT_FIELD]: value });
    await ctx.crm.create(
      'Note',
      {
        type: 'Post',
        parentType: args.entity,
        parentId: args.id,
        post:
          args.consent === 'opted_out'
            ? '🚫 WhatsApp : STOP reçu de la personne — MAX ne lui écrira plus. / STOP received: MAX will not write to them again.'
            : '✅ WhatsApp : la personne a demandé à recevoir les messages (START). / The person opted in (START).',
      },
      { skipDuplicateCheck: true },
    );
    return {
      ok: true,
      kind: 'whatsapp_consent',
      entity: args.entity,
      records: [
        { id: args.id, name: typeof record.name === 'string' ? record.name : null, entity: args.entity },
      ],
      detail: { consent: args.consent },
      audit: { consent: args.consent, by: 'person' },
    };
  },
});

/** A message a lead or contact wrote, on their record's stream (the team reads it there). */
export const recordLeadMessage = defineTool({
  name: 'record_lead_message',
  family: 'outreach',
  description: "A person's WhatsApp message, on their record's stream.",
  parameters: z.object({
    entity: z.enum(['Lead', 'Contact']),
    id: z.string().min(1).max(64),
    text: z.string().max(4000),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const note = await ctx.crm.create(
      'Note',
      {
        type: 'Post',
        parentType: args.entity,
        parentId: args.id,
        post: `💬 WhatsApp reçu / received: ${args.text}`,
      },
      { skipDuplicateCheck: true },
    );
    return {
      ok: true,
      kind: 'noted',
      entity: args.entity,
      records: [{ id: args.id, name: null, entity: args.entity }],
      detail: { noteId: note.record.id },
      audit: { noteId: note.record.id },
    };
  },
});
