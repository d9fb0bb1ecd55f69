/**
 * EspoCRM's input sanitizers (Classes/FieldSanitizers, bound per field type in metadata/fields/*.json):
 * varchar/email/url are trimmed and '' becomes null, text '' becomes null, phones lose their separators,
 * dates and date-times given in ATOM form (`2026-05-02T10:00:00+02:00`) become `Y-m-d` / UTC `Y-m-d H:i:s`.
 */
import { isDate, isDateTime } from './dates.ts';
import type { EntityDefs } from './defs/index.ts';
import type { Rec } from './records.ts';

const ATOM = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$/;

function atomToUtc(v: string): string | null {
  const m = ATOM.exec(v);
  if (!m) return null;
  const t = Date.parse(`${m[1]}T${m[2]}${m[3]}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString().replace('T', ' ').slice(0, 19);
}

const trimToNull = (v: unknown) => {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return t === '' ? null : t;
};

export const sanitizePhone = (v: string) => v.replace(/[\s().-]/g, '');

export function sanitizeInput(defs: EntityDefs | undefined, data: Rec): Rec {
  const out = { ...data };
  if (!defs) return out;
  for (const [field, def] of Object.entries(defs.fields)) {
    switch (def.type) {
      case 'varchar':
      case 'email':
      case 'url':
        if (field in out) out[field] = trimToNull(out[field]);
        break;
      case 'text':
        if (out[field] === '') out[field] = null;
        break;
      case 'phone':
        if (typeof out[field] === 'string') out[field] = sanitizePhone(out[field]);
        break;
      case 'date':
        if (typeof out[field] === 'string' && !isDate(out[field])) {
          const m = ATOM.exec(out[field]);
          if (m) out[field] = m[1];
        }
        break;
      case 'datetime':
      case 'datetimeOptional': {
        const v = out[field];
        if (typeof v === 'string' && !isDateTime(v)) out[field] = atomToUtc(v) ?? v;
        const d = out[`${field}Date`];
        if (def.type === 'datetimeOptional' && typeof d === 'string' && !isDate(d)) {
          const m = ATOM.exec(d);
          if (m) out[`${field}Date`] = m[1];
        }
        break;
      }
      default:
    }
  }
  return out;
}

/**
 * The ORM's casting when attributes are set (ORM/BaseEntity::prepareAttributeValue): int → intval,
 * float/currency → floatval, bool → true only for true/1/'1'/'true'. Validation then sees the cast values,
 * except the "valid" check of numbers, which looks at the raw payload.
 */
export function castInput(defs: EntityDefs | undefined, data: Rec): Rec {
  const out = { ...data };
  if (!defs) return out;
  for (const [field, def] of Object.entries(defs.fields)) {
    const v = out[field];
    if (v === undefined || v === null) continue;
    if (def.type === 'int') out[field] = Number.parseInt(String(v), 10) || 0;
    else if (def.type === 'float' || (def.type === 'currency' && !def.decimal))
      out[field] = Number.parseFloat(String(v)) || 0;
    else if (def.type === 'bool') out[field] = v === true || v === 1 || v === '1' || v === 'true';
  }
  return out;
}
