import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { linkEndSchema, linkPair } from './link-ends.ts';

export const linkRecords = defineTool({
  name: 'link_records',
  family: 'contacts',
  description: 'Link a contact to an account, or an opportunity to an account or contact.',
  parameters: z.object({ record: linkEndSchema, to: linkEndSchema }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const pair = await linkPair(ctx, args.record, args.to);
    if (!pair.ok) return pair;
    // Relating twice is harmless in EspoCRM: a retry after a lost answer simply links again.
    await pair.relation.link(ctx, pair.from.record.id, pair.to.record.id);
    const { from, to } = pair;
    return {
      ok: true,
      kind: 'linked',
      entity: from.entity,
      records: [from.record, to.record],
      focus: { entity: from.entity, id: from.record.id, name: from.record.name },
    };
  },
});
