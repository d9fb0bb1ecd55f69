import type { z } from 'zod';
import type { ToolDefinition } from '../../types.ts';
import { notInstalled } from './custom-entities.ts';

/**
 * A tool on one custom entity (its `entity` argument): refused as "not installed" before it runs
 * when the tenant's CRM lacks that entity, so each tool need not check it first.
 */
export function defineCustomTool<S extends z.ZodType<{ entity: string }>>(
  def: ToolDefinition<S>,
): ToolDefinition<S> {
  return {
    ...def,
    async run(ctx, args) {
      return (await notInstalled(ctx, args.entity)) ?? def.run(ctx, args);
    },
  };
}
