import { z } from 'zod';
import { parseKey, sortedEntries } from '../../memory/keys.ts';
import { defineTool } from '../define-tool.ts';
import { memoryOutcome } from './memory-outcome.ts';

const TOPIC_KINDS = {
  profile: ['profile'],
  defaults: ['default'],
  goals: ['goal'],
  preferences: ['pref'],
  notes: ['note'],
} as const;

export const recall = defineTool({
  name: 'recall',
  family: 'memory',
  description: 'Show the business memory (optionally one topic).',
  parameters: z.object({
    topic: z.enum(['profile', 'defaults', 'goals', 'preferences', 'notes']).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, { topic }) {
    const kinds: readonly string[] | null = topic ? TOPIC_KINDS[topic] : null;
    const entries = sortedEntries(ctx.memory ?? {})
      .filter(([key]) => !kinds || kinds.includes(parseKey(key).kind))
      .map(([key, value]) => ({ key, value }));
    const you = ctx.sender && (ctx.sender.name || ctx.sender.language) ? ctx.sender : null;
    return memoryOutcome({
      action: 'recalled',
      entries,
      ...(topic ? { topic } : {}),
      ...(you && !topic ? { you } : {}),
    });
  },
});
