import { type RecordSummary, toSummary } from '../../entities/summary.ts';
import { resolveRecord, targetOfRef } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { createOnce } from '../contacts/create-once.ts';

type Failure = Extract<ToolOutcome, { ok: false }>;
export type AccountFor = { ok: true; record: RecordSummary; created: boolean } | Failure;

/**
 * The tenant's account a command names ("chez Boulangerie Dupont"): exactly one match is used;
 * several are an ambiguity (nothing is written); none is created when `create` is set — what a
 * salesperson expects from "crée le contact Marie Dupont chez Boulangerie Dupont".
 */
export async function accountFor(ctx: ToolContext, ref: string, create: boolean): Promise<AccountFor> {
  const target = targetOfRef(ref);
  const found = await resolveRecord(ctx, 'Account', target);
  if (found.kind === 'one') return { ok: true, record: found.record, created: false };
  if (found.kind === 'many')
    return { ok: false, kind: 'ambiguous', candidates: found.candidates, entity: 'Account' };
  if (!create || !target.name) return { ok: false, kind: 'not_found', what: ref, entity: 'Account' };
  const name = target.name.slice(0, 249);
  const made = await createOnce(ctx, 'Account', { name }, [
    { type: 'equals', attribute: 'name', value: name },
  ]);
  return { ok: true, record: toSummary('Account', made.record), created: made.kind === 'created' };
}
