import { z } from 'zod';
import { defineTool } from './define-tool.ts';

export const crmHealth = defineTool({
  name: 'crm_health',
  family: 'admin',
  description: 'Admin: check the CRM connection, credentials, admin rights and tenant field.',
  parameters: z.object({}),
  access: 'admin',
  confirm: false,
  writes: false,
  async run(ctx) {
    const report = await ctx.crm.health(['Lead', 'Task', 'Note']);
    return { ok: true, kind: 'health', records: [], detail: { ...report } };
  },
});
