import { z } from 'zod';
import { defineTool } from './define-tool.ts';
import { leadTargetSchema } from './lead-target.ts';
import { withLead } from './with-lead.ts';

export const addNote = defineTool({
  name: 'add_note',
  family: 'activities',
  description: "Add a note to a lead's stream.",
  parameters: z.object({ target: leadTargetSchema, text: z.string().min(1).max(4000) }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    return withLead(ctx, args.target, async (lead) => {
      const note = await ctx.crm.create(
        'Note',
        { type: 'Post', parentType: 'Lead', parentId: lead.id, post: args.text },
        { skipDuplicateCheck: true },
      );
      return {
        ok: true,
        kind: 'noted',
        records: [lead],
        detail: { noteId: note.record.id },
        focus: { entity: 'Lead', id: lead.id, name: lead.name },
      };
    });
  },
});
