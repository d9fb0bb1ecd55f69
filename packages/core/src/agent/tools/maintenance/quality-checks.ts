import type { FieldDef, WhereClause } from '../../../crm/port.ts';

export const QUALITY_ENTITIES = ['Lead', 'Contact', 'Account', 'Opportunity'] as const;
export type QualityEntity = (typeof QUALITY_ENTITIES)[number];

/** One important thing a record can lack, as a where clause (its count is the number of records lacking it). */
export interface QualityCheck {
  key: string;
  where: WhereClause[];
}

const isNull = (attribute: string): WhereClause => ({ type: 'isNull', attribute });
/** An enum keeps '' when unset (MySQL's IS NULL misses it). */
const unsetEnum = (attribute: string): WhereClause => ({
  type: 'or',
  value: [isNull(attribute), { type: 'equals', attribute, value: '' }],
});
const noContact: QualityCheck = { key: 'no_contact', where: [isNull('emailAddress'), isNull('phoneNumber')] };

/** What "important" means per entity: how to reach the person, where the deal stands. */
export const QUALITY_CHECKS: Record<QualityEntity, QualityCheck[]> = {
  Lead: [
    noContact,
    { key: 'no_email', where: [isNull('emailAddress')] },
    { key: 'no_phone', where: [isNull('phoneNumber')] },
    { key: 'no_source', where: [unsetEnum('source')] },
  ],
  Contact: [noContact, { key: 'no_account', where: [isNull('accountId')] }],
  Account: [noContact],
  Opportunity: [
    { key: 'no_close_date', where: [isNull('closeDate')] },
    { key: 'no_amount', where: [isNull('amount')] },
    { key: 'no_account', where: [isNull('accountId')] },
  ],
};

/**
 * The records that use a field, by its type (what EspoCRM stores when it is unset differs: NULL,
 * '' for an enum, false for a bool, an empty list for a multi-enum). Null: a type not checked.
 */
export function usedWhere(name: string, def: FieldDef): WhereClause[] | null {
  switch (def.type) {
    case 'bool':
      return [{ type: 'isTrue', attribute: name }];
    case 'multiEnum':
    case 'array':
    case 'checklist':
      return [{ type: 'arrayIsNotEmpty', attribute: name }];
    case 'link':
      return [{ type: 'isNotNull', attribute: `${name}Id` }];
    case 'enum':
    case 'varchar':
    case 'text':
    case 'url':
      return [
        { type: 'isNotNull', attribute: name },
        { type: 'notEquals', attribute: name, value: '' },
      ];
    case 'int':
    case 'float':
    case 'currency':
    case 'date':
    case 'datetime':
    case 'email':
    case 'phone':
      return [{ type: 'isNotNull', attribute: name }];
    default:
      return null;
  }
}
