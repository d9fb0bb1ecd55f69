/**
 * EspoCRM 8.4.2's field validation (Core/FieldValidation/FieldValidationManager.php + Classes/FieldValidators):
 * fields are checked in metadata order, each with its type's validationList then mandatoryValidationList
 * (metadata/fields/<type>.json); a non-mandatory check runs only when its parameter is set. On update only
 * the fields present in the payload are checked. The first failure is the answer (400, field + type).
 */

import type { CrmSettings } from '@max/core';
import { actualAttributes } from './attributes.ts';
import { isDate, isDateTime } from './dates.ts';
import type { EntityDefs, FieldDef, Metadata } from './defs/index.ts';
import { validation } from './errors.ts';
import type { Rec } from './records.ts';

const LISTS: Record<string, { checks: string[]; mandatory: string[] }> = {
  varchar: { checks: ['required', 'maxLength', 'pattern'], mandatory: ['maxLength'] },
  text: { checks: ['required', 'maxLength'], mandatory: [] },
  enum: { checks: ['required', 'valid', 'maxLength'], mandatory: ['valid', 'maxLength'] },
  int: { checks: ['required', 'min', 'max'], mandatory: ['valid', 'rangeInternal'] },
  float: { checks: ['required', 'min', 'max'], mandatory: ['valid'] },
  currency: { checks: ['required', 'min', 'max'], mandatory: ['valid', 'validCurrency', 'inPermittedRange'] },
  date: { checks: ['required'], mandatory: ['valid'] },
  datetime: { checks: ['required'], mandatory: ['valid'] },
  datetimeOptional: { checks: ['required'], mandatory: ['valid'] },
  link: { checks: ['required', 'pattern'], mandatory: ['pattern'] },
  linkParent: { checks: ['required', 'pattern', 'valid'], mandatory: ['pattern', 'valid'] },
  email: { checks: ['required', 'emailAddress', 'maxLength'], mandatory: ['emailAddress', 'maxLength'] },
  phone: { checks: ['required', 'valid', 'maxLength'], mandatory: ['valid', 'maxLength'] },
  personName: { checks: ['required'], mandatory: [] },
  url: { checks: ['required', 'maxLength', 'valid'], mandatory: ['maxLength', 'valid'] },
};

const PATTERNS: Record<string, string> = { noBadCharacters: '[^<>=]+', id: '[A-Za-z0-9_=\\-\\.]+' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_OPTIONAL_PROTOCOL =
  /^([a-zA-Z0-9]+:\/\/)?[a-zA-Z0-9%./?:@\-_=#$!+*()',]+\.([a-zA-Z0-9%&./?:@\-_=#$!+*()',~])*$/;
const empty = (v: unknown) => v === undefined || v === null || v === '';
const isNumeric = (v: unknown) =>
  typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));

/** The option list an enum validates against (its own, or the one its optionsReference points to). */
export function enumOptions(meta: Metadata, def: FieldDef): Array<string | number> | null {
  if (def.options) return def.options;
  const ref = typeof def.optionsReference === 'string' ? def.optionsReference.split('.') : null;
  if (ref?.length === 2) return meta.entityDefs[ref[0]!]?.fields[ref[1]!]?.options ?? null;
  return null;
}

interface Ctx {
  meta: Metadata;
  settings: CrmSettings;
  entity: string;
  /** The record as it will be saved (stored values + payload). */
  rec: Rec;
  /** The raw payload (after sanitizing). */
  data: Rec;
}

function check(c: Ctx, field: string, def: FieldDef, type: string): boolean {
  const v = c.rec[field];
  switch (type) {
    case 'required':
      return checkRequired(c, field, def);
    case 'maxLength': {
      const limit =
        (def.maxLength as number | undefined) ??
        (def.type === 'phone' ? 36 : def.type === 'varchar' && def.notStorable ? undefined : 255);
      if (limit === undefined || def.type === 'text') {
        if (def.type === 'text' && def.maxLength !== undefined && typeof v === 'string')
          return v.length <= def.maxLength;
        return true;
      }
      return typeof v !== 'string' || [...v].length <= limit;
    }
    case 'pattern': {
      if (def.type === 'link' || def.type === 'linkParent') {
        const id = c.rec[`${field}Id`];
        return empty(id) || new RegExp(`^${PATTERNS.id}$`).test(String(id));
      }
      const p = typeof def.pattern === 'string' ? def.pattern : null;
      if (!p || empty(v)) return true;
      const source = p.startsWith('$') ? (PATTERNS[p.slice(1)] ?? p) : p;
      return new RegExp(`^${source}$`, 'u').test(String(v));
    }
    case 'valid':
      return checkValid(c, field, def);
    case 'min':
      return def.min === undefined || empty(v) || Number(v) >= Number(def.min);
    case 'max':
      return def.max === undefined || empty(v) || Number(v) <= Number(def.max);
    case 'rangeInternal':
      return empty(v) || (Number(v) >= -2147483648 && Number(v) <= 2147483647);
    case 'validCurrency': {
      const currency = c.rec[`${field}Currency`];
      if (!(`${field}Currency` in c.rec)) return true;
      if (empty(currency) && empty(c.rec[field])) return true;
      return c.settings.currencyList.includes(String(currency));
    }
    case 'inPermittedRange':
      return empty(v) || Math.abs(Number(v)) <= 9_999_999_999_999;
    case 'emailAddress':
      return empty(v) || EMAIL.test(String(v));
    default:
      return true;
  }
}

function checkRequired(c: Ctx, field: string, def: FieldDef): boolean {
  const r = c.rec;
  switch (def.type) {
    case 'link':
    case 'linkOne':
      return !empty(r[`${field}Id`]);
    case 'linkParent':
      return !empty(r[`${field}Id`]) && !empty(r[`${field}Type`]);
    case 'linkMultiple':
      return Array.isArray(r[`${field}Ids`]) && (r[`${field}Ids`] as unknown[]).length > 0;
    case 'personName':
      return actualAttributes(field, def)
        .filter((a) => !a.startsWith('salutation'))
        .some((a) => !empty(r[a]));
    case 'currency':
      return !empty(r[field]) && !empty(r[`${field}Currency`]);
    case 'datetimeOptional':
      return !empty(r[field]) || !empty(r[`${field}Date`]);
    case 'int':
    case 'float':
    case 'date':
    case 'datetime':
      return r[field] !== undefined && r[field] !== null;
    default:
      return !empty(r[field]);
  }
}

function checkValid(c: Ctx, field: string, def: FieldDef): boolean {
  const v = c.rec[field];
  switch (def.type) {
    case 'enum': {
      if (!(field in c.rec)) return true;
      const options = enumOptions(c.meta, def);
      if (!options) return true;
      const value = v === '' ? null : (v ?? null);
      return options.map((o) => (o === '' ? null : o)).includes(value as string | number | null);
    }
    case 'int':
    case 'float':
    case 'currency': {
      // rawCheckValid: the payload value must be numeric (or '').
      const raw = c.data[field];
      return raw === undefined || raw === null || raw === '' || isNumeric(raw);
    }
    case 'date':
      return v === undefined || v === null || isDate(v);
    case 'datetime':
      return v === undefined || v === null || isDateTime(v);
    case 'datetimeOptional': {
      const d = c.rec[`${field}Date`];
      return (d === undefined || d === null || isDate(d)) && (v === undefined || v === null || isDateTime(v));
    }
    case 'linkParent': {
      const type = c.rec[`${field}Type`];
      if (type === undefined || type === null) return true;
      const list = def.entityList as string[] | undefined;
      return list ? list.includes(String(type)) : String(type) in c.meta.entityDefs;
    }
    case 'phone':
      return empty(v) || /^\+\d{6,15}$/.test(String(v));
    case 'url':
      return empty(v) || URL_OPTIONAL_PROTOCOL.test(String(v));
    default:
      return true;
  }
}

/** Whether the payload writes any attribute of the field (update validates only those). */
const fieldInData = (field: string, def: FieldDef, data: Rec) =>
  field in data || actualAttributes(field, def).some((a) => a in data);

export function validateRecord(
  meta: Metadata,
  settings: CrmSettings,
  entity: string,
  rec: Rec,
  data: Rec,
  isNew: boolean,
): void {
  const defs: EntityDefs | undefined = meta.entityDefs[entity];
  if (!defs) return;
  const c: Ctx = { meta, settings, entity, rec, data };
  for (const [field, def] of Object.entries(defs.fields)) {
    if (!isNew && !fieldInData(field, def, data)) continue;
    const lists = LISTS[def.type];
    if (!lists) continue;
    for (const type of [...new Set([...lists.checks, ...lists.mandatory])]) {
      const mandatory = lists.mandatory.includes(type);
      const param = def[type];
      if (!mandatory && (param === undefined || param === null || param === false)) continue;
      if (!check(c, field, def, type)) throw validation(entity, field, type);
    }
  }
}
