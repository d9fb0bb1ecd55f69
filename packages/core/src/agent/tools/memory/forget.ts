import { z } from 'zod';
import { designate } from '../../memory/match.ts';
import { defineTool } from '../define-tool.ts';
import { auditKeys, memoryOutcome } from './memory-outcome.ts';

export const forget = defineTool({
  name: 'forget',
  family: 'memory',
  description: 'Forget memory entries by key (goal.2), topic (sector) or words.',
  parameters: z.object({ what: z.string().min(1).max(200) }),
  access: 'admin',
  confirm: false,
  writes: true,
  committedWithTurn: true,
  async run(ctx, { what }) {
    const memory = ctx.memory ?? {};
    const { keys, named } = designate(memory, what);
    const entries = keys.map((key) => ({ key, value: memory[key]! }));
    if (!keys.length) return memoryOutcome({ action: 'forget_none', what });
    // Words that match several entries: say which, forget none.
    if (keys.length > 1 && !named) return memoryOutcome({ action: 'forget_ambiguous', entries });
    return memoryOutcome(
      { action: 'forgotten', entries },
      { memory: { delete: keys }, audit: auditKeys(keys) },
    );
  },
});
