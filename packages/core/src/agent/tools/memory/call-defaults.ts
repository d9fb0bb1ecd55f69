import type { z } from 'zod';
import { CURRENCY_KEY, parseKey } from '../../memory/keys.ts';
import { findTool } from '../registry.ts';

/** The tools that create a record of an entity: they get the tenant's defaults for that entity. */
export const CREATE_TOOLS: Record<string, string> = {
  create_lead: 'Lead',
  create_contact: 'Contact',
  create_account: 'Account',
  create_opportunity: 'Opportunity',
};

/** The `default.<Entity>.<field>` entries for one entity, by field. */
export function defaultsFor(memory: Record<string, string>, entity: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(memory)) {
    const p = parseKey(key);
    if (p.kind === 'default' && p.entity === entity && value) out[p.field] = value;
  }
  return out;
}

const shapeOf = (schema: z.ZodType): Record<string, unknown> | null => {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === 'object' ? shape : null;
};

/**
 * A create call with the tenant's defaults filled in where the command gave no value (the model's
 * call and the rules engine's alike, before the tool's schema checks them). A field the tool does
 * not take as such goes into its `custom` fields when it has them; otherwise it is left out.
 */
export function withDefaults<C extends { name: string; args: unknown }>(
  call: C,
  memory: Record<string, string> | undefined,
): C {
  return withCurrency(withFieldDefaults(call, memory), memory);
}

/** The tools that take an amount and the currency it is in (update_opportunity: inside its changes). */
const AMOUNT_TOOLS = new Set(['create_opportunity', 'convert_lead', 'update_opportunity']);

/** An amount said without a currency is in the business's own ("we sell in euros"). */
function withCurrency<C extends { name: string; args: unknown }>(
  call: C,
  memory: Record<string, string> | undefined,
): C {
  const currency = memory?.[CURRENCY_KEY];
  if (!currency || !AMOUNT_TOOLS.has(call.name) || !call.args || typeof call.args !== 'object') return call;
  const args = call.args as Record<string, unknown>;
  const holder =
    call.name === 'update_opportunity' ? (args.changes as Record<string, unknown> | undefined) : args;
  if (!holder || typeof holder !== 'object' || holder.amount === undefined || holder.amount === null)
    return call;
  if (holder.currency || holder.amountCurrency) return call;
  const filled = { ...holder, currency };
  return { ...call, args: call.name === 'update_opportunity' ? { ...args, changes: filled } : filled };
}

function withFieldDefaults<C extends { name: string; args: unknown }>(
  call: C,
  memory: Record<string, string> | undefined,
): C {
  const entity = CREATE_TOOLS[call.name];
  if (!entity || !memory || !call.args || typeof call.args !== 'object' || Array.isArray(call.args))
    return call;
  const defaults = defaultsFor(memory, entity);
  const fields = Object.keys(defaults);
  const tool = findTool(call.name);
  const shape = tool ? shapeOf(tool.parameters) : null;
  if (!fields.length || !shape) return call;
  const args = { ...(call.args as Record<string, unknown>) };
  const custom =
    args.custom && typeof args.custom === 'object' ? { ...(args.custom as Record<string, unknown>) } : {};
  let changed = false;
  for (const field of fields) {
    const given = args[field] ?? custom[field];
    if (given !== undefined && given !== null && given !== '') continue;
    if (field in shape) args[field] = defaults[field];
    else if ('custom' in shape) custom[field] = defaults[field];
    else continue;
    changed = true;
  }
  if (!changed) return call;
  if (Object.keys(custom).length) args.custom = custom;
  return { ...call, args };
}
