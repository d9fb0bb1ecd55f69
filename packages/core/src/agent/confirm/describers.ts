import type { Lang } from '../lang.ts';
import type { ToolContext } from '../types.ts';
import { describeDeleteLead } from './delete.ts';
import type { ConfirmDescriber, Described } from './describer.ts';
import { describeFollowups } from './followups.ts';
import { describeImport } from './import.ts';
import { describeForgetAll } from './memory.ts';
import { describeMerge } from './merge.ts';
import { describeCustomField, describeLayout, describeRebuild } from './schema.ts';
import { describeSetup } from './setup.ts';

/** One describer per tool that waits for a yes (a test fails when a confirm tool has none). */
export const CONFIRM_DESCRIBERS: ReadonlyMap<string, ConfirmDescriber> = new Map(
  [
    describeMerge,
    describeDeleteLead,
    describeForgetAll,
    describeSetup,
    describeCustomField,
    describeLayout,
    describeRebuild,
    describeImport,
    describeFollowups,
  ].map((d) => [d.tool, d]),
);

/** What the sender is asked to confirm; a tool without a describer is never asked in its raw form. */
export async function describeConfirmation(
  ctx: ToolContext,
  tool: string,
  args: unknown,
  lang: Lang,
): Promise<Described> {
  const d = CONFIRM_DESCRIBERS.get(tool);
  if (d) return d.ask(ctx, args, lang);
  return { ok: true, text: lang === 'fr' ? 'Confirmer cette action ?' : 'Confirm this action?' };
}

/** The action awaiting a yes in a few words, for the notice that it was dropped. */
export function describeDropped(tool: string, args: unknown, lang: Lang): string {
  const d = CONFIRM_DESCRIBERS.get(tool);
  try {
    if (d) return d.short(args, lang);
  } catch {
    // Arguments stored by an older version may not have today's shape: the generic words below.
  }
  return lang === 'fr' ? "l'action" : 'the action';
}
