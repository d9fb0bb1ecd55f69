import type { z } from 'zod';
import type { Lang } from '../lang.ts';
import type { ToolContext, ToolDefinition, ToolOutcome } from '../types.ts';

/**
 * What a confirmation says before anything runs: a question in the sender's language naming the
 * records as the CRM has them, or — when a record cannot be read — the outcome to answer instead
 * (not found, ambiguous), so nothing waits for a yes that could not be described.
 */
export type Described =
  | {
      ok: true;
      /** The question, one sentence or a short list, without a tool name or JSON. */
      text: string;
      /**
       * The arguments pinned to what was shown (a lead named "Dupont" becomes that lead's id): the
       * yes confirms the record the sender saw, not whatever the name matches ten minutes later.
       */
      args?: unknown;
    }
  | { ok: false; outcome: ToolOutcome };

export interface ConfirmDescriber {
  tool: string;
  /** Reads what it needs through the tenant's CRM client (shared-mode isolation holds). */
  ask(ctx: ToolContext, args: unknown, lang: Lang): Promise<Described>;
  /** The action in a few words, from its stored arguments alone ("la fusion de 2 leads"). */
  short(args: unknown, lang: Lang): string;
}

/** Ties a describer to its tool, so its arguments have the tool's parsed type. */
export function describerFor<S extends z.ZodType>(
  tool: ToolDefinition<S>,
  d: {
    ask(ctx: ToolContext, args: z.infer<S>, lang: Lang): Promise<Described>;
    short(args: z.infer<S>, lang: Lang): string;
  },
): ConfirmDescriber {
  return {
    tool: tool.name,
    ask: (ctx, args, lang) => d.ask(ctx, args as z.infer<S>, lang),
    short: (args, lang) => d.short(args as z.infer<S>, lang),
  };
}

export const described = (text: string, args?: unknown): Described =>
  args === undefined ? { ok: true, text } : { ok: true, text, args };

export const answerInstead = (outcome: ToolOutcome): Described => ({ ok: false, outcome });
