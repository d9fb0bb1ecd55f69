import { z } from 'zod';
import { matchField, settableFields } from '../../entities/field-labels.ts';
import { toSummary } from '../../entities/summary.ts';
import { type RecordTarget, recordTargetSchema } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { ABOUT_ENTITIES, resolveAbout } from '../activities/about-record.ts';
import { defineTool } from '../define-tool.ts';
import { CUSTOM_ENTITIES, isCustomEntity, notInstalled } from './custom-entities.ts';
import { hasFields, noSuchField, resolveChanges } from './resolve-changes.ts';

const isEmpty = (t: RecordTarget) => !Object.values(t).some(Boolean);

/** Every entity a change by label can be about, most likely first. */
const UPDATABLE = [...ABOUT_ENTITIES, ...CUSTOM_ENTITIES] as const;

/**
 * Which entities a change can be about, most likely first: the one said, the one in focus, else
 * those that have every field the sender named ("score" → DiagnosticIA, "budget" → MissionMAX or a
 * lead's custom cBudget).
 */
async function candidates(
  ctx: ToolContext,
  entity: string | undefined,
  target: RecordTarget,
  words: string[],
) {
  if (entity) return [entity];
  if (isEmpty(target)) return [ctx.focus?.entity ?? 'Lead'];
  const out: string[] = [];
  for (const e of UPDATABLE) if (await hasFields(ctx, e, words)) out.push(e);
  return out;
}

export const updateRecord = defineTool({
  name: 'update_record',
  family: 'custom',
  description:
    'Change fields of any record by field name or label, custom fields included ({"budget":"5000"}).',
  parameters: z.object({
    entity: z.enum(UPDATABLE).optional(),
    target: recordTargetSchema,
    changes: z.record(z.string().max(60), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, a): Promise<ToolOutcome> {
    const words = Object.keys(a.changes);
    if (!words.length) return { ok: false, kind: 'invalid', field: 'changes', reason: 'empty' };
    if (a.entity && isCustomEntity(a.entity)) {
      const missing = await notInstalled(ctx, a.entity);
      if (missing) return missing;
    }
    const entities = await candidates(ctx, a.entity, a.target, words);
    if (!entities.length) {
      const fallback = ctx.focus?.entity ?? 'Lead';
      const fields = await settableFields(ctx, fallback);
      const unknown = words.find((w) => !matchField(fields, w)) ?? words[0]!;
      return noSuchField(unknown, fields);
    }
    let last: ToolOutcome | null = null;
    for (const entity of entities) {
      const found = await resolveAbout(ctx, entity, a.target);
      if (found.kind === 'none') {
        last ??= { ok: false, kind: 'not_found', what: found.what, entity };
        continue;
      }
      if (found.kind === 'many')
        return { ok: false, kind: 'ambiguous', candidates: found.candidates, entity };
      const checked = await resolveChanges(ctx, entity, a.changes);
      if (!checked.ok) return checked;
      const updated = toSummary(entity, await ctx.crm.update(entity, found.record.id, checked.data));
      const record = { ...updated, name: updated.name ?? found.record.name };
      return {
        ok: true,
        kind: 'updated',
        entity,
        records: [record],
        detail: { changes: checked.shown },
        focus: { entity, id: record.id, name: record.name },
      };
    }
    return last ?? { ok: false, kind: 'not_found', what: '', entity: entities[0] };
  },
});
