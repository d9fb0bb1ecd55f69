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
};
