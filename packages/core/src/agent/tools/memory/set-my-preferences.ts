import { z } from 'zod';
import { MEMORY_LIMITS } from '../../memory/limits.ts';
import { defineTool } from '../define-tool.ts';
import { memoryOutcome } from './memory-outcome.ts';

export const setMyPreferencesArgs = z
  .object({
    /** The name MAX calls the sender by ("" forgets it). */
    name: z.string().max(200).optional(),
    language: z.enum(['fr', 'en']).optional(),
  })
  .refine((a) => a.name !== undefined || a.language !== undefined, { message: 'name or language' });

export const setMyPreferences = defineTool({
  name: 'set_my_preferences',
  family: 'memory',
  description: "Set the sender's own name to be called by and/or reply language.",
  parameters: setMyPreferencesArgs,
  access: 'member',
  confirm: false,
  writes: true,
  committedWithTurn: true,
  async run(ctx, args) {
    // Web chat users have no WhatsApp sender row to keep these on.
    if (ctx.sender === null) return memoryOutcome({ action: 'me_unavailable' });
    const name = args.name === undefined ? undefined : args.name.replace(/\s+/g, ' ').trim();
    if (name !== undefined && (name.length > MEMORY_LIMITS.nameChars || /[\p{Cc}<>{}]/u.test(name)))
      return { ok: false, kind: 'invalid', field: 'name', reason: 'too_long' };
    const change = {
      ...(name !== undefined ? { name: name || null } : {}),
      ...(args.language ? { language: args.language } : {}),
    };
    return memoryOutcome(
      { action: 'me', ...change },
      { sender: change, audit: { fields: Object.keys(change) } },
    );
  },
});
