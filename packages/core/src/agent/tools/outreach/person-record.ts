import { z } from 'zod';
import type { CrmRecord } from '../../../crm/port.ts';
import type { RecordSummary } from '../../entities/summary.ts';
import type { RecordTarget } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { withAbout } from '../activities/about-record.ts';
import { whatsappRefused } from './whatsapp-refused.ts';

/** Lead (default) or Contact: the people MAX may write to. */
export const personEntitySchema = z
  .enum(['Lead', 'Contact'])
  .optional()
  .describe('Lead (default) or Contact');

/**
 * The lead or contact a command names, read whole (its phone and consent), then `fn`; an account or
 * an opportunity is refused (they have no phone of their own to write to).
 */
export function withPerson(
  ctx: ToolContext,
  entity: 'Lead' | 'Contact' | undefined,
  target: RecordTarget,
  fn: (entity: 'Lead' | 'Contact', summary: RecordSummary, record: CrmRecord) => Promise<ToolOutcome>,
): Promise<ToolOutcome> {
  return withAbout(
    ctx,
    entity,
    target,
    async (e, summary) => {
      if (e !== 'Lead' && e !== 'Contact') return whatsappRefused('not_a_person', summary.name ?? '');
      const record = await ctx.crm.get(e, summary.id);
      return fn(e, summary, record);
    },
    { activity: 'WhatsApp', parents: ['Lead', 'Contact'] },
  );
}
