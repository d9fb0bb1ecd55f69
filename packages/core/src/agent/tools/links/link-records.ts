import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { linkEntitySchema, linkPair } from './link-ends.ts';
import { refSchema, text } from './record-ref.ts';

export const linkRecords = defineTool({
  name: 'link_records',
  family: 'contacts',
  description:
    'Link contact→account or opportunity→account/contact (unlink:true undoes). record/to: name/email/id; no record = in focus.',
  parameters: z.object({
    record: refSchema,
    recordType: linkEntitySchema.optional(),
    to: text(254),
    toType: linkEntitySchema.optional(),
    unlink: z.boolean().optional(),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const pair = await linkPair(
      ctx,
      { ref: args.record, entity: args.recordType },
      { ref: args.to, entity: args.toType },
    );
    if (!pair.ok) return pair;
    const { from, to } = pair;
    const records = [from.record, to.record];
    const focus = { entity: from.entity, id: from.record.id, name: from.record.name };
    if (!args.unlink) {
      // Relating twice is harmless in EspoCRM: a retry after a lost answer simply links again.
      await pair.relation.link(ctx, from.record.id, to.record.id);
      return { ok: true, kind: 'linked', entity: from.entity, records, focus };
    }
    const done = await pair.relation.unlink(ctx, from.record.id, to.record.id);
    // On a retry after a lost answer the link is already gone: that is this call's own doing.
    if (!done && !ctx.retryOf)
      return {
        ok: false,
        kind: 'invalid',
        field: 'unlink',
        reason: 'not_linked',
        value: `${from.record.name ?? from.record.id} / ${to.record.name ?? to.record.id}`,
      };
    // The summary was read before: it must not still show the account just unlinked.
    const parted =
      from.record.accountName === to.record.name ? { ...from.record, accountName: null } : from.record;
    return { ok: true, kind: 'unlinked', entity: from.entity, records: [parted, to.record], focus };
  },
});
