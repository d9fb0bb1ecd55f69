import type { z } from 'zod';
import type { ToolDefinition } from '../types.ts';

/** Identity helper that keeps each tool's argument type tied to its schema. */
export function defineTool<S extends z.ZodType>(def: ToolDefinition<S>): ToolDefinition<S> {
  return def;
}
