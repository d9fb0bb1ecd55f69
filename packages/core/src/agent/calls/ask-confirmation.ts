import { describeConfirmation } from '../confirm/describers.ts';
import type { Lang } from '../lang.ts';
import type { ToolContext, ToolDefinition, ToolOutcome } from '../types.ts';
import { argsDigest } from './prepare-call.ts';

export type AskedConfirmation =
  | { ok: true; text: string; args: unknown; digest: string }
  | { ok: false; outcome: ToolOutcome };

/**
 * The question a risky call waits on, and the exact arguments a yes will run: those the describer
 * pinned (checked again by the tool's schema) or the call's own, with their digest.
 */
export async function askConfirmation(
  ctx: ToolContext,
  tool: ToolDefinition,
  args: unknown,
  lang: Lang,
): Promise<AskedConfirmation> {
  const d = await describeConfirmation(ctx, tool.name, args, lang);
  if (!d.ok) return d;
  if (d.args === undefined)
    return { ok: true, text: d.text, args, digest: await argsDigest(tool.name, args) };
  const pinned = tool.parameters.safeParse(d.args);
  // A describer's pin is built from the same schema; should it not parse, the call's own arguments stand.
  const final = pinned.success ? pinned.data : args;
  return { ok: true, text: d.text, args: final, digest: await argsDigest(tool.name, final) };
}
