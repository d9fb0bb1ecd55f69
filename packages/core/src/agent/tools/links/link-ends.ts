import { z } from 'zod';
import type { RecordSummary } from '../../entities/summary.ts';
import { resolveRecord, targetOfRef } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { FROM_GUESSES, type LinkEntity, type Relation, relationOf, TO_GUESSES } from './relations.ts';

export const linkEntitySchema = z.enum(['Contact', 'Account', 'Opportunity']);

/** One end of a link: which record (one string, empty = the focus), and its entity if known. */
export interface LinkEnd {
  ref?: string | undefined;
  entity?: LinkEntity | undefined;
}

type Failure = Extract<ToolOutcome, { ok: false }>;
type Resolved = { entity: LinkEntity; record: RecordSummary };

/** The first entity (in `guesses` order) where the end names a record; one match, or a failure. */
async function resolveEnd(
  ctx: ToolContext,
  end: LinkEnd,
  guesses: LinkEntity[],
): Promise<Resolved | Failure> {
  const target = targetOfRef(end.ref);
  let what = '';
  for (const e of end.entity ? [end.entity] : guesses) {
    const r = await resolveRecord(ctx, e, target);
    if (r.kind === 'one') return { entity: e, record: r.record };
    if (r.kind === 'many') return { ok: false, kind: 'ambiguous', candidates: r.candidates, entity: e };
    what = r.what;
  }
  return { ok: false, kind: 'not_found', what, entity: end.entity ?? guesses[0]! };
}

export interface LinkPair {
  ok: true;
  relation: Relation;
  from: Resolved;
  to: Resolved;
}

/** Both records of a link command and how EspoCRM relates them (in its from → to order). */
export async function linkPair(ctx: ToolContext, a: LinkEnd, b: LinkEnd): Promise<LinkPair | Failure> {
  const first = await resolveEnd(ctx, a, FROM_GUESSES);
  if (!('record' in first)) return first;
  const second = await resolveEnd(ctx, b, TO_GUESSES[first.entity]);
  if (!('record' in second)) return second;
  const found = relationOf(first.entity, second.entity);
  if (!found || first.record.id === second.record.id)
    return {
      ok: false,
      kind: 'invalid',
      field: 'to',
      reason: 'no_relation',
      allowed: ['Contact → Account', 'Opportunity → Account', 'Opportunity → Contact'],
    };
  return found.swapped
    ? { ok: true, relation: found.relation, from: second, to: first }
    : { ok: true, relation: found.relation, from: first, to: second };
}
