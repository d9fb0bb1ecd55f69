import { z } from 'zod';
import { recordTargetSchema } from '../entities/target.ts';
import { aboutEntitySchema, NOTE_PARENTS, parentNotAllowed, withAbout } from './activities/about-record.ts';
import { defineTool } from './define-tool.ts';

export const addNote = defineTool({
  name: 'add_note',
  family: 'activities',
  description: "Add a note to a record's stream (a lead by default).",
  parameters: z.object({
    target: recordTargetSchema,
    entity: aboutEntitySchema,
    text: z.string().min(1).max(4000),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const allowed = { activity: 'Note', parents: NOTE_PARENTS };
    return withAbout(
      ctx,
      args.entity,
      args.target,
      async (entity, record) => {
        if (!NOTE_PARENTS.includes(entity)) return parentNotAllowed('Note', entity, NOTE_PARENTS);
        const note = await ctx.crm.create(
          'Note',
          { type: 'Post', parentType: entity, parentId: record.id, post: args.text },
          { skipDuplicateCheck: true },
        );
        return {
          ok: true,
          kind: 'noted',
          entity,
          records: [record],
          detail: { noteId: note.record.id },
          focus: { entity, id: record.id, name: record.name },
        };
      },
      allowed,
    );
  },
});
