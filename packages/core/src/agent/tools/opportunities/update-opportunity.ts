import { z } from 'zod';
import type { CrmRecord } from '../../../crm/port.ts';
import { toSummary } from '../../entities/summary.ts';
import { defineTool } from '../define-tool.ts';
import { changesSchema, refSchema, withRef } from '../links/record-ref.ts';
import { validateFields } from '../validate-fields.ts';
import { isDate } from './close-date.ts';
import { amountInvalid, amountOf, checkCurrency, refusedByCrm } from './money.ts';

export const updateOpportunity = defineTool({
  name: 'update_opportunity',
  family: 'opportunities',
  description:
    'Update an opportunity: stage, amount, currency, closeDate… (target: name/id, omit = in focus).',
  parameters: z.object({ target: refSchema, changes: changesSchema }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const { name, amount, currency, amountCurrency, closeDate, ...rest } = args.changes;
    if (Object.keys(args.changes).length === 0)
      return { ok: false, kind: 'invalid', field: 'changes', reason: 'empty' };
    const data: Record<string, unknown> = {};
    if (name !== undefined) {
      if (typeof name !== 'string' || !name.trim())
        return { ok: false, kind: 'invalid', field: 'name', reason: 'name_required' };
      data.name = name.trim();
    }
    if (amount !== undefined) {
      const value = amountOf(amount);
      if (value === null) return amountInvalid(amount);
      data.amount = value;
    }
    const typedCurrency = currency ?? amountCurrency;
    const money = await checkCurrency(ctx, typeof typedCurrency === 'string' ? typedCurrency : undefined);
    if (!money.ok) return money;
    if (money.currency) data.amountCurrency = money.currency;
    if (closeDate !== undefined) {
      if (typeof closeDate !== 'string' || !isDate(closeDate))
        return {
          ok: false,
          kind: 'invalid',
          field: 'closeDate',
          reason: 'date_invalid',
          value: String(closeDate),
        };
      data.closeDate = closeDate;
    }
    // Stage (against the live options), probability, description, custom fields…
    const checked = await validateFields(ctx, 'Opportunity', rest);
    if (!checked.ok) return checked;
    Object.assign(data, checked.data);
    return withRef(ctx, 'Opportunity', args.target, async (opp) => {
      let saved: CrmRecord;
      try {
        saved = await ctx.crm.update('Opportunity', opp.id, data);
      } catch (e) {
        const refused = await refusedByCrm(ctx, e, money.currency);
        if (refused) return refused;
        throw e;
      }
      const updated = toSummary('Opportunity', saved);
      const label = updated.name ?? opp.name;
      return {
        ok: true,
        kind: 'updated',
        entity: 'Opportunity',
        records: [{ ...updated, name: label, accountName: updated.accountName ?? opp.accountName ?? null }],
        detail: { changes: data },
        focus: { entity: 'Opportunity', id: opp.id, name: label },
      };
    });
  },
});
