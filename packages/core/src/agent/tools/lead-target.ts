import {
  type RecordTarget,
  recordTargetSchema,
  resolveRecord,
  type TargetResolution,
} from '../entities/target.ts';
import type { ToolContext } from '../types.ts';

/** Which lead a command is about: a record target (an empty one is the lead discussed just before). */
export const leadTargetSchema = recordTargetSchema;

export type LeadTarget = RecordTarget;
export type { TargetResolution };

export const resolveLead = (ctx: ToolContext, target: LeadTarget): Promise<TargetResolution> =>
  resolveRecord(ctx, 'Lead', target);
