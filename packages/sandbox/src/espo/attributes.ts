/**
 * Which attributes a field is made of, the way EspoCRM's FieldUtil and ORM converters derive them
 * (Resources/metadata/fields/*.json: actualFields / notActualFields, suffix naming).
 */
import type { EntityDefs, FieldDef } from './defs/index.ts';

/** Attributes a client may write for a field. */
export function actualAttributes(field: string, def: FieldDef): string[] {
  switch (def.type) {
    case 'personName':
      return [`salutation${cap(field)}`, `first${cap(field)}`, `last${cap(field)}`, `middle${cap(field)}`];
    case 'email':
    case 'phone':
      return [`${field}IsOptedOut`, `${field}IsInvalid`, field, `${field}Data`];
    case 'currency':
      return [`${field}Currency`, field];
    case 'address':
      return ['Street', 'City', 'State', 'Country', 'PostalCode'].map((p) => `${field}${p}`);
    case 'link':
    case 'linkOne':
      return [`${field}Id`];
    case 'linkParent':
      return [`${field}Id`, `${field}Type`];
    case 'linkMultiple':
    case 'attachmentMultiple':
      return [`${field}Ids`];
    case 'datetimeOptional':
      return [field, `${field}Date`];
    default:
      return [field];
  }
}

/** Attributes the server derives for a field (names of linked records, …). */
export function derivedAttributes(field: string, def: FieldDef): string[] {
  switch (def.type) {
    case 'personName':
      return [field];
    case 'link':
    case 'linkOne':
    case 'linkParent':
      return [`${field}Name`];
    case 'linkMultiple':
      return [`${field}Names`, ...(def.columns ? [`${field}Columns`] : [])];
    case 'attachmentMultiple':
      return [`${field}Names`, `${field}Types`];
    default:
      return [];
  }
}

/** Every attribute of an entity (what `where` may name): id, deleted and all field attributes. */
export function entityAttributes(defs: EntityDefs): Set<string> {
  const out = new Set(['id', 'deleted']);
  for (const [field, def] of Object.entries(defs.fields)) {
    for (const a of actualAttributes(field, def)) out.add(a);
    for (const a of derivedAttributes(field, def)) out.add(a);
  }
  return out;
}

/** The field an attribute belongs to (e.g. accountId → account, emailAddressData → emailAddress). */
export function fieldOfAttribute(defs: EntityDefs, attribute: string): string | null {
  if (attribute in defs.fields) return attribute;
  for (const [field, def] of Object.entries(defs.fields))
    if (actualAttributes(field, def).includes(attribute) || derivedAttributes(field, def).includes(attribute))
      return field;
  return null;
}

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
