/**
 * Tools come in families; a message is offered only the families it can need (see
 * route/route-families.ts), so the prompt stays small while MAX knows the whole CRM.
 */
export const TOOL_FAMILIES = [
  'leads',
  'contacts',
  'accounts',
  'opportunities',
  'activities',
  'custom',
  'memory',
  'maintenance',
  'setup',
  'admin',
  'outreach',
] as const;

export type ToolFamily = (typeof TOOL_FAMILIES)[number];
