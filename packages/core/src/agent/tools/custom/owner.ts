import { z } from 'zod';
import type { RecordSummary } from '../../entities/summary.ts';
import { type RecordTarget, resolveRecord } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';

export const OWNER_ENTITIES = ['Account', 'Lead'] as const;
export const ownerEntitySchema = z.enum(OWNER_ENTITIES).optional();

export type Owner = { ok: true; entity: string; record: RecordSummary } | Extract<ToolOutcome, { ok: false }>;

const isEmpty = (t: RecordTarget) => !Object.values(t).some(Boolean);

/**
 * The lead or account a custom record is for ("pour Boulangerie Dupont"): an account of that name
 * first (a company), else a lead (whose name, company or e-mail match); {} is the one in focus.
 * Null when nothing was said and nothing is in focus.
 */
export async function resolveOwner(
  ctx: ToolContext,
  target: RecordTarget | undefined,
  entity?: (typeof OWNER_ENTITIES)[number],
): Promise<Owner | null> {
  const t = target ?? {};
  if (isEmpty(t)) {
    const focus = ctx.focus;
    if (!focus || !(OWNER_ENTITIES as readonly string[]).includes(focus.entity)) return null;
    if (entity && focus.entity !== entity) return null;
    const r = await resolveRecord(ctx, focus.entity, {});
    return r.kind === 'one'
      ? { ok: true, entity: focus.entity, record: r.record }
      : { ok: false, kind: 'not_found', what: focus.name ?? focus.id, entity: focus.entity };
  }
  const order = entity ? [entity] : [...OWNER_ENTITIES];
  for (const e of order) {
    const r = await resolveRecord(ctx, e, t);
    if (r.kind === 'one') return { ok: true, entity: e, record: r.record };
    if (r.kind === 'many') return { ok: false, kind: 'ambiguous', candidates: r.candidates, entity: e };
  }
  const what = t.name ?? t.emailAddress ?? t.phoneNumber ?? t.id ?? '';
  return { ok: false, kind: 'not_found', what, entity: order.at(-1) };
}
