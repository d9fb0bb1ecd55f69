import { z } from 'zod';
import { defineTool } from './define-tool.ts';

export const rebuildCrm = defineTool({
  name: 'rebuild_crm',
  family: 'admin',
  description: "Admin: clear the CRM's cache and rebuild it after schema changes.",
  parameters: z.object({}),
  access: 'admin',
  confirm: true,
  writes: true,
  changesSchema: true,
  async run(ctx) {
    await ctx.crm.clearCache();
    await ctx.crm.rebuild();
    return { ok: true, kind: 'admin', records: [], detail: { action: 'rebuild' } };
  },
});
