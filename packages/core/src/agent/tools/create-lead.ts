import { z } from 'zod';
import { espoDateTime } from '../../crm/espo/where.ts';
import type { WhereClause } from '../../crm/port.ts';
import { toLeadSummary } from '../entities/summary.ts';
import { defineTool } from './define-tool.ts';
import { validateFields } from './validate-fields.ts';

export const createLeadArgs = z.object({
  firstName: z.string().max(100).optional(),
  lastName: z.string().min(1).max(100),
  emailAddress: z.string().max(254).optional(),
  phoneNumber: z.string().max(40).optional(),
  accountName: z.string().max(200).optional(),
  title: z.string().max(100).optional(),
  description: z.string().max(2000).optional(),
  status: z.string().max(40).optional(),
  source: z.string().max(40).optional(),
  /** Custom fields by name (e.g. {"budget": "High"}): checked against the CRM's metadata. */
  custom: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export const createLead = defineTool({
  name: 'create_lead',
  family: 'leads',
  description: 'Create a lead. An existing lead with the same email or phone is returned instead.',
  parameters: createLeadArgs,
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const { custom, ...base } = args;
    const checked = await validateFields(ctx, 'Lead', { ...base, ...custom });
    if (!checked.ok) return checked;
    // Look before writing: EspoCRM's own duplicate check ignores phone numbers.
    // The checked values: the phone in E.164, as EspoCRM stores it.
    const { emailAddress, phoneNumber } = checked.data;
    const existing: WhereClause[] = [];
    if (typeof emailAddress === 'string' && emailAddress)
      existing.push({ type: 'equals', attribute: 'emailAddress', value: emailAddress });
    if (typeof phoneNumber === 'string' && phoneNumber)
      existing.push({ type: 'equals', attribute: 'phoneNumber', value: phoneNumber });
    if (existing.length) {
      const found = await ctx.crm.list('Lead', {
        where: existing.length === 1 ? existing : [{ type: 'or', value: existing }],
        select: ['id', 'name', 'emailAddress', 'phoneNumber', 'accountName', 'status', 'createdAt'],
        maxSize: 1,
      });
      const hit = found.list[0];
      if (hit) {
        const r = toLeadSummary(hit);
        // On a retry, the lead this very call created before its answer was lost is "created", not "exists".
        const ours = ctx.retryOf && String(hit.createdAt ?? '') >= espoDateTime(ctx.retryOf.since);
        return {
          ok: true,
          kind: ours ? 'created' : 'exists',
          records: [r],
          focus: { entity: 'Lead', id: r.id, name: r.name },
        };
      }
    }
    const res = await ctx.crm.create('Lead', checked.data);
    const r = toLeadSummary(res.record);
    return {
      ok: true,
      kind: res.duplicate ? 'exists' : 'created',
      records: [r],
      focus: { entity: 'Lead', id: r.id, name: r.name },
    };
  },
});
