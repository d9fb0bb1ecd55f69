import { transformDateTimeItem } from './where-datetime.ts';
import type { WhereItem } from './where-item.ts';

export type { WhereItem } from './where-item.ts';

/** EspoCRM's bracket query form (`where[0][value][]=a`) → nested objects, like PHP does. */
export function parseBracketQuery(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of params) {
    const parts = rawKey.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const key = parts[i]!;
      const last = i === parts.length - 1;
      if (last) {
        if (key === '' && Array.isArray(node)) node.push(value);
        else (node as Record<string, unknown>)[key] = value;
        break;
      }
      const nextIsArray = parts[i + 1] === '';
      const container = node as Record<string, unknown>;
      const k = key === '' && Array.isArray(node) ? String(node.length) : key;
      if (container[k] === undefined) container[k] = nextIsArray ? [] : {};
      node = container[k] as Record<string, unknown> | unknown[];
    }
  }
  return root;
}

/** `{0: {...}, 1: {...}}` or arrays → an array of where items. */
export function toWhereArray(v: unknown): WhereItem[] {
  if (!v) return [];
  if (Array.isArray(v)) return v as WhereItem[];
  if (typeof v === 'object')
    return Object.keys(v as object)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => (v as Record<string, WhereItem>)[k]!);
  return [];
}

/** Numbers compare as numbers (numeric columns), everything else as strings (dates sort as text). */
const cmp = (a: unknown, b: unknown) => {
  if (typeof a === 'number' && b !== '' && b !== null && !Number.isNaN(Number(b))) return a - Number(b);
  const x = String(a);
  const y = String(b);
  return x === y ? 0 : x < y ? -1 : 1;
};

/** MariaDB's utf8mb4_unicode_ci, EspoCRM's collation: case- and accent-insensitive ("Helene" = "Hélène"). */
export const collate = (x: string) =>
  x
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
const norm = (x: unknown) => (x === null || x === undefined ? null : collate(String(x)));

/** What matching needs beyond the row: related ids (linkedWith) and the config time zone (dateTime items). */
export interface WhereContext {
  linkedIds(record: Record<string, unknown>, link: string): string[];
  timeZone: string;
}

export function matchWhere(
  record: Record<string, unknown>,
  items: WhereItem[],
  today: string,
  ctx?: WhereContext,
): boolean {
  return items.every((w) => matchOne(record, w, today, ctx));
}

function matchOne(r: Record<string, unknown>, item: WhereItem, today: string, ctx?: WhereContext): boolean {
  // A `dateTime: true` item is first turned into plain UTC comparisons (DefaultDateTimeItemTransformer).
  const w = item.dateTime && ctx ? transformDateTimeItem(item, ctx.timeZone) : item;
  const v = w.attribute ? r[w.attribute] : undefined;
  const val = w.value;
  switch (w.type) {
    case 'equals':
      return norm(v) === norm(val);
    case 'notEquals':
      return norm(v) !== norm(val);
    case 'in':
      return toWhereList(val).map(norm).includes(norm(v));
    case 'notIn':
      return !toWhereList(val).map(norm).includes(norm(v));
    case 'contains':
      return v != null && norm(v)!.includes(norm(val) ?? '');
    case 'startsWith':
      return v != null && norm(v)!.startsWith(norm(val) ?? '');
    case 'endsWith':
      return v != null && norm(v)!.endsWith(norm(val) ?? '');
    case 'like': {
      const re = new RegExp(
        `^${collate(String(val))
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/%/g, '.*')
          .replace(/_/g, '.')}$`,
        'i',
      );
      return v != null && re.test(collate(String(v)));
    }
    case 'isNull':
      return v === null || v === undefined || v === '';
    case 'isNotNull':
      return !(v === null || v === undefined || v === '');
    case 'greaterThan':
      return v != null && cmp(v, val) > 0;
    case 'lessThan':
      return v != null && cmp(v, val) < 0;
    case 'greaterThanOrEquals':
      return v != null && cmp(v, val) >= 0;
    case 'lessThanOrEquals':
      return v != null && cmp(v, val) <= 0;
    case 'between': {
      const [a, b] = toWhereList(val);
      return v != null && cmp(v, a) >= 0 && cmp(v, b) <= 0;
    }
    case 'today':
      return typeof v === 'string' && v.startsWith(today);
    case 'lastXDays': {
      const from = new Date(Date.now() - Number(val) * 86_400_000).toISOString().slice(0, 10);
      return typeof v === 'string' && v.slice(0, 10) >= from;
    }
    case 'or':
      return toWhereArray(val).some((x) => matchOne(r, x, today, ctx));
    case 'and':
      return toWhereArray(val).every((x) => matchOne(r, x, today, ctx));
    case 'not':
      return !toWhereArray(val).every((x) => matchOne(r, x, today, ctx));
    default:
      return matchMore(r, w, v, today, ctx);
  }
}

/** Types EspoCRM's ItemGeneralConverter also knows (dates, booleans, links, arrays). */
function matchMore(
  r: Record<string, unknown>,
  w: WhereItem,
  v: unknown,
  today: string,
  ctx: WhereContext | undefined,
): boolean {
  const val = w.value;
  const has = v !== null && v !== undefined;
  const day = (s: unknown) => String(s).slice(0, 10);
  switch (w.type) {
    case 'on':
      return norm(v) === norm(val);
    case 'notOn':
      return norm(v) !== norm(val);
    case 'after':
      return has && cmp(v, val) > 0;
    case 'before':
      return has && cmp(v, val) < 0;
    case 'notContains':
      return has && !norm(v)!.includes(norm(val) ?? '');
    case 'notLike':
      return has && !matchOne(r, { ...w, type: 'like' }, today, ctx);
    case 'isTrue':
      return v === true;
    case 'isFalse':
      return v === false;
    case 'ever':
      return has;
    case 'any':
      return true;
    case 'none':
      return false;
    case 'past':
      return has && day(v) < today;
    case 'future':
      return has && day(v) > today;
    case 'nextXDays': {
      const to = new Date(Date.parse(`${today}T00:00:00Z`) + Number(val) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return has && day(v) >= today && day(v) <= to;
    }
    case 'olderThanXDays': {
      const from = new Date(Date.parse(`${today}T00:00:00Z`) - Number(val) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return has && day(v) < from;
    }
    case 'afterXDays': {
      const from = new Date(Date.parse(`${today}T00:00:00Z`) + Number(val) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return has && day(v) > from;
    }
    case 'currentMonth':
      return has && String(v).slice(0, 7) === today.slice(0, 7);
    case 'currentYear':
      return has && String(v).slice(0, 4) === today.slice(0, 4);
    case 'linkedWith': {
      const ids = toWhereList(val).map(String);
      return !!ctx && ctx.linkedIds(r, String(w.attribute)).some((id) => ids.includes(id));
    }
    case 'notLinkedWith': {
      const ids = toWhereList(val).map(String);
      return !!ctx && !ctx.linkedIds(r, String(w.attribute)).some((id) => ids.includes(id));
    }
    case 'linkedWithAll': {
      const linked = ctx ? ctx.linkedIds(r, String(w.attribute)) : [];
      return toWhereList(val).every((id) => linked.includes(String(id)));
    }
    case 'isLinked':
      return !!ctx && ctx.linkedIds(r, String(w.attribute)).length > 0;
    case 'isNotLinked':
      return !!ctx && ctx.linkedIds(r, String(w.attribute)).length === 0;
    case 'arrayAnyOf':
      return Array.isArray(v) && toWhereList(val).some((x) => v.includes(x));
    case 'arrayNoneOf':
      return !Array.isArray(v) || !toWhereList(val).some((x) => v.includes(x));
    case 'arrayAllOf':
      return Array.isArray(v) && toWhereList(val).every((x) => v.includes(x));
    case 'arrayIsEmpty':
      return !Array.isArray(v) || v.length === 0;
    case 'arrayIsNotEmpty':
      return Array.isArray(v) && v.length > 0;
    default:
      return true;
  }
}

function toWhereList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.values(v);
  return v === undefined ? [] : [v];
}
