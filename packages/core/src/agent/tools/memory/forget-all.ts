import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { auditKeys, memoryOutcome } from './memory-outcome.ts';

export const forgetAll = defineTool({
  name: 'forget_all',
  family: 'memory',
  description: 'Forget all the business memory (confirmed first).',
  parameters: z.object({}),
  access: 'admin',
  confirm: true,
  writes: true,
  committedWithTurn: true,
  async run(ctx) {
    const keys = Object.keys(ctx.memory ?? {});
    if (!keys.length) return memoryOutcome({ action: 'forget_none', what: '' });
    return memoryOutcome(
      { action: 'forgot_all', count: keys.length },
      { memory: { delete: keys }, audit: auditKeys(keys) },
    );
  },
});
