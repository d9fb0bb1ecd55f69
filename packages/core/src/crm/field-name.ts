import type { FieldDef } from './port.ts';

/** A field's name in the CRM: as given, or the custom field `cName` that EspoCRM made for `name`. */
export function resolveFieldName(fields: Record<string, FieldDef>, key: string): string | null {
  if (fields[key]) return key;
  const custom = `c${key.charAt(0).toUpperCase()}${key.slice(1)}`;
  if (fields[custom]?.isCustom) return custom;
  return null;
}
