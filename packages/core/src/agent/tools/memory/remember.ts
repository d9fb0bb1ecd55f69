import { z } from 'zod';
import {
  type ListKind,
  nextListKey,
  PROFILE_FIELDS,
  type ProfileField,
  profileKey,
} from '../../memory/keys.ts';
import { MEMORY_LIMITS } from '../../memory/limits.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { defineTool } from '../define-tool.ts';
import { checkDefault } from './check-default.ts';
import { auditKeys, memoryOutcome } from './memory-outcome.ts';

export const rememberArgs = z.object({
  kind: z.enum(['profile', 'default', 'goal', 'pref', 'note']),
  /** profile: sector|offer|customers|tone|hours|location; default: Entity.field (Lead.source). */
  field: z.string().max(80).optional(),
  value: z.string().min(1).max(4000),
});

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

async function keyFor(
  ctx: ToolContext,
  args: z.infer<typeof rememberArgs>,
  value: string,
): Promise<{ key: string; value: string } | ToolOutcome> {
  const memory = ctx.memory ?? {};
  if (args.kind === 'profile') {
    const field = (args.field ?? '').toLowerCase() as ProfileField;
    if (!PROFILE_FIELDS.includes(field))
      return {
        ok: false,
        kind: 'invalid',
        field: 'field',
        reason: 'not_an_option',
        allowed: [...PROFILE_FIELDS],
      };
    return { key: profileKey(field), value };
  }
  if (args.kind === 'default') return checkDefault(ctx, args.field ?? '', value);
  // The same goal, preference or note again is not a second entry.
  const kind = args.kind as ListKind;
  const same = Object.entries(memory).find(([k, v]) => k.startsWith(`${kind}.`) && fold(v) === fold(value));
  return { key: same?.[0] ?? nextListKey(memory, kind), value };
}

export const remember = defineTool({
  name: 'remember',
  family: 'memory',
  description:
    'Remember a business fact. kind profile (field sector|offer|customers|tone|hours|location), default (field Entity.field, e.g. Lead.source), goal, pref or note.',
  parameters: rememberArgs,
  access: 'admin',
  confirm: false,
  writes: true,
  committedWithTurn: true,
  async run(ctx, args) {
    const memory = ctx.memory ?? {};
    const said = args.value.replace(/\s+/g, ' ').trim();
    if (said.length > MEMORY_LIMITS.valueChars)
      return memoryOutcome({ action: 'too_long', length: said.length, max: MEMORY_LIMITS.valueChars });
    const target = await keyFor(ctx, args, said);
    if ('ok' in target) return target;
    const { key, value } = target;
    const previous = memory[key];
    if (previous === value) return memoryOutcome({ action: 'unchanged', key, value });
    if (previous === undefined && Object.keys(memory).length >= MEMORY_LIMITS.entries)
      return memoryOutcome({ action: 'full', max: MEMORY_LIMITS.entries });
    return memoryOutcome(
      { action: 'remembered', key, value, ...(previous !== undefined ? { previous } : {}) },
      { memory: { set: { [key]: value } }, audit: auditKeys([key]) },
    );
  },
});
