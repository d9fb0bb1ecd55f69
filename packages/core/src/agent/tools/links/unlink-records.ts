import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { linkEndSchema, linkPair } from './link-ends.ts';

export const unlinkRecords = defineTool({
  name: 'unlink_records',
  family: 'contacts',
  description: 'Undo a link: a contact from an account, an opportunity from its account or a contact.',
  parameters: z.object({ record: linkEndSchema, from: linkEndSchema }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const pair = await linkPair(ctx, args.record, args.from);
    if (!pair.ok) return pair;
    const { from, to } = pair;
    const done = await pair.relation.unlink(ctx, from.record.id, to.record.id);
    // On a retry after a lost answer the link is already gone: that is this call's own doing.
    if (!done && !ctx.retryOf)
      return {
        ok: false,
        kind: 'invalid',
        field: 'link',
        reason: 'not_linked',
        value: `${from.record.name} / ${to.record.name}`,
      };
    return {
      ok: true,
      kind: 'unlinked',
      entity: from.entity,
      records: [from.record, to.record],
      focus: { entity: from.entity, id: from.record.id, name: from.record.name },
    };
  },
});
