/**
 * The 400s EspoCRM answers for a bad `where` (Core/Select/Where/Checker.php then ItemGeneralConverter.php):
 * first every attribute must exist (links for link types), then each item must be well-formed.
 */
import { badRequest } from './errors.ts';
import { toWhereArray, type WhereItem } from './query.ts';

const GROUPS = new Set(['or', 'and', 'not', 'subQueryIn', 'subQueryNotIn']);
const LINK_TYPES = new Set(['linkedWith', 'notLinkedWith', 'linkedWithAll', 'isLinked', 'isNotLinked']);
const KNOWN = new Set([
  ...GROUPS,
  ...LINK_TYPES,
  'expression',
  'in',
  'notIn',
  'equals',
  'notEquals',
  'on',
  'notOn',
  'like',
  'notLike',
  'startsWith',
  'endsWith',
  'contains',
  'notContains',
  'greaterThan',
  'lessThan',
  'greaterThanOrEquals',
  'lessThanOrEquals',
  'after',
  'before',
  'between',
  'ever',
  'any',
  'none',
  'isNull',
  'isNotNull',
  'isTrue',
  'isFalse',
  'today',
  'past',
  'future',
  'lastSevenDays',
  'lastXDays',
  'nextXDays',
  'olderThanXDays',
  'afterXDays',
  'currentMonth',
  'nextMonth',
  'lastMonth',
  'currentQuarter',
  'lastQuarter',
  'currentYear',
  'lastYear',
  'currentFiscalYear',
  'lastFiscalYear',
  'currentFiscalQuarter',
  'lastFiscalQuarter',
  'arrayAnyOf',
  'arrayNoneOf',
  'arrayAllOf',
  'arrayIsEmpty',
  'arrayIsNotEmpty',
]);

export interface WhereSchema {
  hasAttribute(attribute: string): boolean;
  hasRelation(link: string): boolean;
}

function checkExistence(items: WhereItem[], schema: WhereSchema): void {
  for (const w of items) {
    const a = w?.attribute;
    if (a && !a.includes('.')) {
      if (LINK_TYPES.has(w.type)) {
        if (!schema.hasRelation(a)) throw badRequest(`Not existing relation '${a}' in where.`);
      } else if (!schema.hasAttribute(a)) throw badRequest(`Not existing attribute '${a}' in where.`);
    }
    if (w && GROUPS.has(w.type) && w.value && typeof w.value === 'object')
      checkExistence(toWhereArray(w.value), schema);
  }
}

const isList = (v: unknown) => Array.isArray(v) || (typeof v === 'object' && v !== null);
const size = (v: unknown) => (Array.isArray(v) ? v.length : isList(v) ? Object.keys(v as object).length : 0);

function checkShape(items: WhereItem[]): void {
  for (const w of items) {
    if (!w?.type) throw badRequest("Bad where item. No 'type'.");
    if (GROUPS.has(w.type)) {
      checkShape(toWhereArray(w.value));
      continue;
    }
    if (!KNOWN.has(w.type)) throw badRequest(`Unknown where item type '${w.type}'.`);
    if (!w.attribute) throw badRequest("Bad where item. No 'attribute'.");
    if (w.dateTime && ['on', 'before', 'after'].includes(w.type) && !w.value)
      throw badRequest('Bad where item. Empty value.');
    if (w.type === 'in' && !isList(w.value)) throw badRequest("Bad where item 'in'.");
    if (w.type === 'notIn' && !isList(w.value)) throw badRequest("Bad where item 'notIn'.");
    if (w.type === 'between' && size(w.value) < 2)
      throw badRequest(w.dateTime ? 'Bad where item. Bad value.' : "Bad where item 'between'.");
    if ((w.type === 'linkedWith' || w.type === 'notLinkedWith') && !w.value && !isList(w.value))
      throw badRequest('Bad where item. Empty value.');
  }
}

export function checkWhere(items: WhereItem[], schema: WhereSchema): void {
  checkExistence(items, schema);
  checkShape(items);
}
