import { checkEmail } from '../../crm/email.ts';
import { resolveFieldName } from '../../crm/field-name.ts';
import { checkPhone } from '../../crm/phone.ts';
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

/** Values longer than this are cut in the reply: enough to recognise what was typed. */
const SHOWN_VALUE_MAX = 80;

const invalidValue = (field: string, reason: string, value: string): Invalid => ({
  ok: false,
  kind: 'invalid',
  field,
  reason,
  value: value.length > SHOWN_VALUE_MAX ? `${value.slice(0, SHOWN_VALUE_MAX)}…` : value,
});

/**
 * E-mail and phone fields (by EspoCRM type, custom ones included) are checked here, before any
 * write: an invalid value becomes an outcome that names it; a valid phone is written in E.164,
 * read in the tenant's country. Null/empty clears the field and is not checked.
 */
function checkValue(
  ctx: ToolContext,
  field: string,
  def: FieldDef,
  value: unknown,
): Invalid | { ok: true; value: unknown } {
  if (value === null || value === '' || (def.type !== 'email' && def.type !== 'phone'))
    return { ok: true, value };
  const text = String(value);
  if (def.type === 'email') {
    const r = checkEmail(text);
    return r.ok ? { ok: true, value: r.email } : invalidValue(field, `email_${r.problem}`, text);
  }
  const r = checkPhone(text, ctx.tenant.defaultCountry);
  return r.ok ? { ok: true, value: r.e164 } : invalidValue(field, `phone_${r.problem}`, text);
}

/**
 * Checks a write against the tenant's live EspoCRM metadata: the field must exist (custom ones
 * included; `budget` is accepted for `cBudget`), an enum value must be one of its options, and an
 * e-mail or phone value must be a valid one.
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
    const checked = checkValue(ctx, name, def, value);
    if (!checked.ok) return checked;
    out[name] = checked.value;
  }
  return { ok: true, data: out };
}
