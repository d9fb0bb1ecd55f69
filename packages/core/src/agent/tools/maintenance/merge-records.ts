import { z } from 'zod';
import type { CrmRecord, FieldDef } from '../../../crm/port.ts';
import { isAppError } from '../../../shared/errors.ts';
import { toSummary } from '../../entities/summary.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { defineTool } from '../define-tool.ts';

const MERGEABLE = ['Lead', 'Contact'] as const;
/** Text attributes a source may fill when the kept record has none (never names, e-mails or phones). */
const FILLABLE = ['accountName', 'title', 'website', 'description'];
const FILLABLE_TYPES = new Set(['varchar', 'text', 'url']);

async function getOrNull(ctx: ToolContext, entity: string, id: string): Promise<CrmRecord | null> {
  try {
    return await ctx.crm.get(entity, id);
  } catch (e) {
    if (isAppError(e) && e.code === 'not_found') return null;
    throw e;
  }
}

const empty = (v: unknown) => v === null || v === undefined || v === '';

/** What the sources bring that the kept record lacks: EspoCRM saves these on the target as it merges. */
function fillFrom(target: CrmRecord, sources: CrmRecord[], fields: Record<string, FieldDef>) {
  const out: Record<string, unknown> = {};
  for (const key of FILLABLE) {
    const def = fields[key];
    if (!def || !FILLABLE_TYPES.has(def.type) || def.notStorable || def.readOnly || !empty(target[key]))
      continue;
    const from = sources.find((s) => !empty(s[key]));
    if (from) out[key] = from[key];
  }
  return out;
}

export const mergeRecords = defineTool({
  name: 'merge_records',
  family: 'maintenance',
  description:
    'Admin: merge duplicate leads or contacts into the one to keep (targetId); asks for confirmation.',
  parameters: z.object({
    entity: z.enum(MERGEABLE).optional(),
    targetId: z.string().min(1).max(40),
    sourceIds: z.array(z.string().min(1).max(40)).min(1).max(5),
  }),
  access: 'admin',
  confirm: true,
  writes: true,
  async run(ctx, a): Promise<ToolOutcome> {
    const sourceIds = [...new Set(a.sourceIds)];
    if (sourceIds.includes(a.targetId))
      return { ok: false, kind: 'invalid', field: 'sourceIds', reason: 'target_in_sources' };
    let entity: string | undefined = a.entity;
    let target: CrmRecord | null = null;
    for (const e of entity ? [entity] : MERGEABLE) {
      target = await getOrNull(ctx, e, a.targetId);
      if (target) {
        entity = e;
        break;
      }
    }
    if (!target || !entity)
      return { ok: false, kind: 'not_found', what: a.targetId, entity: a.entity ?? 'Lead' };
    const found = await Promise.all(sourceIds.map((id) => getOrNull(ctx, entity, id)));
    const sources = found.filter((s): s is CrmRecord => s !== null);
    const missing = sourceIds.filter((_, i) => !found[i]);
    const audit = { entity, target: target.id, sources: sourceIds };
    if (missing.length) {
      // A retry whose first attempt merged but lost the answer finds the target and no source left:
      // that merge is this call's own, reported as done rather than as "not found".
      if (ctx.retryOf && !sources.length)
        return merged(
          entity,
          target,
          sourceIds.map((id) => ({ id, name: null })),
          { ...audit, retried: true },
        );
      if (!ctx.retryOf) return { ok: false, kind: 'not_found', what: missing[0]!, entity };
    }
    const attributes = fillFrom(target, sources, await ctx.crm.fields(entity));
    const result = await ctx.crm.merge(
      entity,
      target.id,
      sources.map((s) => s.id),
      attributes,
    );
    return merged(
      entity,
      { ...target, ...result },
      [
        ...sources.map((s) => ({ id: s.id, name: toSummary(entity, s).name })),
        ...missing.map((id) => ({ id, name: null })),
      ],
      { ...audit, filled: Object.keys(attributes) },
    );
  },
});

function merged(
  entity: string,
  target: CrmRecord,
  sources: Array<{ id: string; name: string | null }>,
  audit: Record<string, unknown>,
): ToolOutcome {
  const kept = toSummary(entity, target);
  return {
    ok: true,
    kind: 'merged',
    entity,
    records: [kept],
    detail: { sources },
    focus: { entity, id: kept.id, name: kept.name },
    audit,
  };
}
