import { z } from 'zod';
import { toLeadSummary } from '../entities/summary.ts';
import { defineTool } from './define-tool.ts';

export const listRecent = defineTool({
  name: 'list_recent',
  family: 'leads',
  description: 'List the most recently created leads.',
  parameters: z.object({ limit: z.number().int().min(1).max(20).optional() }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, args) {
    const res = await ctx.crm.list('Lead', {
      select: ['id', 'name', 'emailAddress', 'accountName', 'status'],
      orderBy: 'createdAt',
      order: 'desc',
      maxSize: args.limit ?? 5,
    });
    return { ok: true, kind: 'listed', records: res.list.map(toLeadSummary), detail: { total: res.total } };
  },
});
