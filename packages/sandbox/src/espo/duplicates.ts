/**
 * EspoCRM 8.4.2's duplicate check on create (Core/Duplicate/Finder.php + Classes/DuplicateWhereBuilders/
 * General.php): only entities whose recordDefs name a where-builder are checked (Lead, Contact, Account;
 * custom entities shipped with General but without `duplicateCheckFieldList` are not). The fields come
 * from `scopes.<Entity>.duplicateCheckFieldList` (name + emailAddress for the three): a person name matches
 * on first AND last name, an e-mail or phone on any of the record's addresses, a varchar on equality; the
 * conditions are OR-ed, case-insensitively (MySQL collation), at most 10 records. No tenant is involved.
 */
import { type EspoContext, liveRecords } from './context.ts';
import type { Rec } from './records.ts';

const LIMIT = 10;
const same = (a: unknown, b: unknown) =>
  (a === null || a === undefined || a === '' ? null : String(a).toLowerCase()) ===
  (b === null || b === undefined || b === '' ? null : String(b).toLowerCase());

type Cond = (r: Rec) => boolean;

export function findDuplicates(ctx: EspoContext, entity: string, rec: Rec): Rec[] {
  if (!ctx.meta.recordDefs[entity]?.duplicateWhereBuilderClassName) return [];
  const fields = ctx.meta.scopes[entity]?.duplicateCheckFieldList ?? [];
  const defs = ctx.meta.entityDefs[entity]?.fields ?? {};
  const conds: Cond[] = [];
  for (const field of fields) {
    const type = defs[field]?.type;
    if (type === 'personName') {
      const first = rec[`first${cap(field)}`];
      const last = rec[`last${cap(field)}`];
      if (!first && !last) continue;
      conds.push((r) => same(r[`first${cap(field)}`], first) && same(r[`last${cap(field)}`], last));
    } else if (type === 'email' || type === 'phone') {
      const values = addresses(rec, field);
      for (const v of values) conds.push((r) => addresses(r, field).some((x) => same(x, v)));
    } else if (rec[field]) {
      const v = rec[field];
      conds.push((r) => same(r[field], v));
    }
  }
  if (!conds.length) return [];
  return liveRecords(ctx, entity)
    .filter((r) => r.id !== rec.id && conds.some((c) => c(r)))
    .slice(0, LIMIT);
}

/** The primary value plus any other one given in `<field>Data`. */
function addresses(r: Rec, field: string): string[] {
  const key = field === 'emailAddress' ? 'emailAddress' : 'phoneNumber';
  const data = Array.isArray(r[`${field}Data`]) ? (r[`${field}Data`] as Rec[]) : [];
  const list = [r[field], ...data.map((d) => d[key])].filter(
    (x): x is string => typeof x === 'string' && !!x,
  );
  return [...new Set(list)];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
