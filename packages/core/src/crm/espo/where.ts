import type { WhereClause } from '../port.ts';

/** Typed where clauses → EspoCRM's bracket query (`where[0][type]=equals&…`). */
export function appendWhere(params: URLSearchParams, where: WhereClause[], prefix = 'where'): void {
  where.forEach((w, i) => {
    const p = `${prefix}[${i}]`;
    params.append(`${p}[type]`, w.type);
    if ('attribute' in w) params.append(`${p}[attribute]`, w.attribute);
    if (w.type === 'or' || w.type === 'and') {
      appendWhere(params, w.value, `${p}[value]`);
    } else if ('value' in w) {
      if (Array.isArray(w.value)) for (const v of w.value) params.append(`${p}[value][]`, String(v));
      else params.append(`${p}[value]`, String(w.value));
    }
  });
}

/**
 * A time as EspoCRM stores date-times (`YYYY-MM-DD HH:mm:ss`, UTC), truncated to the second so a
 * record created in the same second still compares as "at or after".
 */
export const espoDateTime = (at: Date): string => at.toISOString().slice(0, 19).replace('T', ' ');

export const where = {
  equals: (attribute: string, value: string | number | boolean): WhereClause => ({
    type: 'equals',
    attribute,
    value,
  }),
  contains: (attribute: string, value: string): WhereClause => ({ type: 'contains', attribute, value }),
  in: (attribute: string, value: Array<string | number>): WhereClause => ({ type: 'in', attribute, value }),
  isNull: (attribute: string): WhereClause => ({ type: 'isNull', attribute }),
  or: (...value: WhereClause[]): WhereClause => ({ type: 'or', value }),
  and: (...value: WhereClause[]): WhereClause => ({ type: 'and', value }),
  /**
   * Records created at or after `at` (after a lost answer: "did my create land?"). A plain
   * comparison on the UTC column: EspoCRM applies no time zone to it, unlike `after`/`between`
   * with `dateTime: true`. Allow for clock skew between MAX and the CRM host in `at`.
   */
  createdSince: (at: Date): WhereClause => ({
    type: 'greaterThanOrEquals',
    attribute: 'createdAt',
    value: espoDateTime(at),
  }),
};
