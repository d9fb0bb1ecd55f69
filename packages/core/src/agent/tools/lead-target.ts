import { z } from 'zod';
import { resolveRecord, type TargetResolution } from '../entities/target.ts';
import type { ToolContext } from '../types.ts';

/** Which lead a command is about. An empty object means "the lead this conversation is about". */
export const leadTargetSchema = z
  .object({
    id: z.string().min(1).max(40).optional(),
    emailAddress: z.string().max(254).optional(),
    phoneNumber: z.string().max(40).optional(),
    name: z.string().max(200).optional(),
  })
  .describe('Which lead: id, email, phone or name; {} = the lead discussed just before');

export type LeadTarget = z.infer<typeof leadTargetSchema>;
export type { TargetResolution };

export const resolveLead = (ctx: ToolContext, target: LeadTarget): Promise<TargetResolution> =>
  resolveRecord(ctx, 'Lead', target);
