import { z } from 'zod';
import { entitySpec } from '../../entities/specs.ts';
import { type RecordSummary, toSummary } from '../../entities/summary.ts';
import { defineTool } from '../define-tool.ts';
import { type DuplicateGroup, duplicateGroups } from './duplicate-groups.ts';

/** Records read per entity (five pages): beyond it the reply says the scan was partial. */
export const DUPLICATE_SCAN_LIMIT = 1000;
/** Groups shown in one reply, and records per group: WhatsApp messages stay readable. */
const SHOWN_GROUPS = 8;
const SHOWN_PER_GROUP = 5;

export const findDuplicates = defineTool({
  name: 'find_duplicates',
  family: 'maintenance',
  description:
    'Find likely duplicate leads/contacts (same email or phone, close names in one account), with ids.',
  parameters: z.object({ entity: z.enum(['Lead', 'Contact']).optional() }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, a) {
    const entities = a.entity ? [a.entity] : ['Lead', 'Contact'];
    const scanned: Record<string, number> = {};
    const partial: string[] = [];
    const groups: DuplicateGroup[] = [];
    for (const entity of entities) {
      // The spec's attributes: names, e-mail, phone and the account (Contact: its id; Lead: a name).
      const records = await ctx.crm.listAll(
        entity,
        { select: entitySpec(entity)!.select, orderBy: 'createdAt', order: 'asc' },
        DUPLICATE_SCAN_LIMIT,
      );
      scanned[entity] = records.length;
      if (records.length >= DUPLICATE_SCAN_LIMIT) partial.push(entity);
      groups.push(...duplicateGroups(entity, records, ctx.tenant.defaultCountry));
    }
    const shown = groups.slice(0, SHOWN_GROUPS);
    const records: RecordSummary[] = shown.flatMap((g) =>
      g.records.slice(0, SHOWN_PER_GROUP).map((r) => toSummary(g.entity, r)),
    );
    return {
      ok: true,
      kind: 'duplicates',
      entity: a.entity ?? shown[0]?.entity ?? 'Lead',
      records,
      detail: {
        groups: shown.map((g) => ({
          entity: g.entity,
          reasons: g.reasons,
          ids: g.records.slice(0, SHOWN_PER_GROUP).map((r) => r.id),
          size: g.records.length,
        })),
        total: groups.length,
        scanned,
        partial,
      },
    };
  },
});
