import { z } from 'zod';
import type { WhereClause } from '../../crm/port.ts';
import { phoneForSearch } from '../entities/phone-query.ts';
import { toLeadSummary } from '../entities/summary.ts';
import { defineTool } from './define-tool.ts';

export const findLeads = defineTool({
  name: 'find_leads',
  family: 'leads',
  description: 'Search leads by free text (name, company, email), email, phone or status.',
  parameters: z.object({
    query: z.string().max(200).optional(),
    emailAddress: z.string().max(254).optional(),
    phoneNumber: z.string().max(40).optional(),
    status: z.string().max(40).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, args) {
    const where: WhereClause[] = [];
    if (args.emailAddress)
      where.push({ type: 'equals', attribute: 'emailAddress', value: args.emailAddress.trim() });
    if (args.phoneNumber)
      where.push({ type: 'equals', attribute: 'phoneNumber', value: phoneForSearch(ctx, args.phoneNumber) });
    if (args.status) where.push({ type: 'equals', attribute: 'status', value: args.status });
    const res = await ctx.crm.list('Lead', {
      ...(where.length ? { where } : {}),
      ...(args.query ? { textFilter: args.query.trim() } : {}),
      select: ['id', 'name', 'emailAddress', 'phoneNumber', 'accountName', 'status'],
      orderBy: 'createdAt',
      order: 'desc',
      maxSize: 5,
    });
    const records = res.list.map(toLeadSummary);
    const only = records.length === 1 ? records[0] : undefined;
    return {
      ok: true,
      kind: 'found',
      records,
      detail: { total: res.total },
      ...(only ? { focus: { entity: 'Lead', id: only.id, name: only.name } } : {}),
    };
  },
});
