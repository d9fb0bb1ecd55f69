import { type FieldRef, matchField, settableFields } from '../../entities/field-labels.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { checkFieldValue } from './field-values.ts';

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

export type ResolvedChanges =
  | { ok: true; data: Record<string, unknown>; shown: Record<string, string> }
  | Invalid;

/** How many field names a "no such field" reply lists: enough to spot the right one. */
const LISTED = 15;

/** A word that names no field of the entity: the reply lists the entity's fields by label. */
export const noSuchField = (said: string, fields: FieldRef[]): Invalid => ({
  ok: false,
  kind: 'invalid',
  field: said,
  reason: 'no_such_field',
  value: said,
  // The tenant's own fields first: they are what people ask about by name.
  allowed: [
    ...new Set(
      [...fields.filter((f) => f.def.isCustom), ...fields.filter((f) => !f.def.isCustom)].map((f) => f.label),
    ),
  ].slice(0, LISTED),
});

/** True when every word names a field of the entity (to find which entity a sentence is about). */
export async function hasFields(ctx: ToolContext, entity: string, words: string[]): Promise<boolean> {
  const fields = await settableFields(ctx, entity);
  return words.every((w) => matchField(fields, w) !== null);
}

/**
 * Changes as a sender says them — by field name or label, in the install's language or as the field
 * is named ("budget", "Date de début", "start date") — checked against the entity's live metadata
 * and turned into EspoCRM attributes. `shown` keeps them by label for the reply.
 */
export async function resolveChanges(
  ctx: ToolContext,
  entity: string,
  changes: Record<string, unknown>,
): Promise<ResolvedChanges> {
  const fields = await settableFields(ctx, entity);
  const data: Record<string, unknown> = {};
  const shown: Record<string, string> = {};
  for (const [said, raw] of Object.entries(changes)) {
    if (raw === undefined) continue;
    const field = matchField(fields, said);
    if (!field) return noSuchField(said, fields);
    const checked = await checkFieldValue(ctx, field, raw);
    if (!checked.ok) return checked;
    Object.assign(data, checked.data);
    shown[field.label] = checked.shown;
  }
  return { ok: true, data, shown };
}
