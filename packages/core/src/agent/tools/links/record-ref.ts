import { z } from 'zod';
import type { RecordSummary } from '../../entities/summary.ts';
import { targetOfRef, withRecord } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';

/**
 * A string bounded by zod but not advertised in the prompt: the model needs no length limits to
 * use a tool, and every `maxLength` costs tokens on every call (issue 14 §5).
 */
export const text = (max: number) =>
  z.string().refine((s) => s.length <= max, { message: `at most ${max} characters` });

/** The one-string way these tools name a record: name, e-mail, phone or id; absent = the focus. */
export const refSchema = text(254).optional();

/** Field name → new value (custom fields by name); each tool checks them against the live metadata. */
export const changesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** Runs `fn` on exactly the one record `ref` names; ambiguity and absence become outcomes. */
export const withRef = (
  ctx: ToolContext,
  entity: string,
  ref: string | undefined,
  fn: (record: RecordSummary) => Promise<ToolOutcome>,
): Promise<ToolOutcome> => withRecord(ctx, entity, targetOfRef(ref), fn);
