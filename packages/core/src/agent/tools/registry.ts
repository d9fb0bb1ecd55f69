import { z } from 'zod';
import type { SenderRole } from '../../store/types.ts';
import type { ToolDefinition } from '../types.ts';
import { addFieldToLayout } from './add-field-to-layout.ts';
import { addNote } from './add-note.ts';
import { changeStatus } from './change-status.ts';
import { createCustomField } from './create-custom-field.ts';
import { createLead } from './create-lead.ts';
import { createTask } from './create-task.ts';
import { crmHealth } from './crm-health.ts';
import { deleteLead } from './delete-lead.ts';
import type { ToolFamily } from './families.ts';
import { findLeads } from './find-leads.ts';
import { listRecent } from './list-recent.ts';
import { rebuildCrm } from './rebuild-crm.ts';
import { updateLead } from './update-lead.ts';

/** Order is part of the prompt prefix: keep it stable so prompt caching keeps working. */
export const allTools: readonly ToolDefinition[] = [
  findLeads,
  createLead,
  updateLead,
  changeStatus,
  addNote,
  createTask,
  listRecent,
  crmHealth,
  createCustomField,
  addFieldToLayout,
  rebuildCrm,
  deleteLead,
] as ToolDefinition[];

/** The tools a role may use, optionally only those of some families (what a message can need). */
export function toolsFor(role: SenderRole | 'viewer', families?: readonly ToolFamily[]): ToolDefinition[] {
  const offered = families ? allTools.filter((t) => families.includes(t.family)) : allTools;
  if (role === 'viewer') return offered.filter((t) => t.access === 'member' && !t.writes);
  return offered.filter((t) => t.access === 'member' || role === 'admin');
}

export const findTool = (name: string): ToolDefinition | undefined => allTools.find((t) => t.name === name);

export interface ModelToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

const specCache = new Map<string, ModelToolSpec>();

/** JSON Schema for the model, derived from the same zod schema that parses its arguments. */
export function toModelSpec(t: ToolDefinition): ModelToolSpec {
  let spec = specCache.get(t.name);
  if (!spec) {
    const { $schema: _drop, ...parameters } = z.toJSONSchema(t.parameters, { io: 'input' }) as Record<
      string,
      unknown
    >;
    spec = { type: 'function', function: { name: t.name, description: t.description, parameters } };
    specCache.set(t.name, spec);
  }
  return spec;
}
