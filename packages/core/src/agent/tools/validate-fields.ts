import type { FieldDef } from '../../crm/port.ts';
import type { ToolContext, ToolOutcome } from '../types.ts';

/** Fields the agent never writes, whatever the model asks (ids, audit and tenant columns). */
const READ_ONLY = new Set([
  'id',
  'deleted',
  'createdAt',
  'modifiedAt',
  'createdById',
  'modifiedById',
  'name',
]);

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

/**
 * Checks a write against the tenant's live EspoCRM metadata: the field must exist (custom ones
 * included; `budget` is accepted for `cBudget`) and an enum value must be one of its options.
 */
export async function validateFields(
  ctx: ToolContext,
  entity: string,
  data: Record<string, unknown>,
): Promise<{ ok: true; data: Record<string, unknown> } | Invalid> {
  const fields = await ctx.crm.fields(entity);
  const tenantField = ctx.tenant.crmTenantField;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const name = resolveFieldName(fields, key);
    if (!name || READ_ONLY.has(name) || name === tenantField) {
      return { ok: false, kind: 'invalid', field: key, reason: 'unknown_field' };
    }
    const def = fields[name]!;
    if ((def.type === 'enum' || def.type === 'multiEnum') && def.options) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) {
        const match = def.options.find((o) => o.toLowerCase() === String(v).toLowerCase());
        if (match === undefined) {
          return {
            ok: false,
            kind: 'invalid',
            field: name,
            reason: 'not_an_option',
            allowed: def.options.filter(Boolean),
          };
        }
      }
      out[name] = Array.isArray(value)
        ? value.map((v) => def.options!.find((o) => o.toLowerCase() === String(v).toLowerCase()))
        : def.options.find((o) => o.toLowerCase() === String(value).toLowerCase());
      continue;
    }
    out[name] = value;
  }
  return { ok: true, data: out };
}

export function resolveFieldName(fields: Record<string, FieldDef>, key: string): string | null {
  if (fields[key]) return key;
  const custom = `c${key.charAt(0).toUpperCase()}${key.slice(1)}`;
  if (fields[custom]?.isCustom) return custom;
  return null;
}
