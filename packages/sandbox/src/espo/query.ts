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

export interface WhereItem {
  type: string;
  attribute?: string;
  value?: unknown;
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

const norm = (x: unknown) => (x === null || x === undefined ? null : String(x).toLowerCase());

export function matchWhere(record: Record<string, unknown>, items: WhereItem[], today: string): boolean {
  return items.every((w) => matchOne(record, w, today));
}

function matchOne(r: Record<string, unknown>, w: WhereItem, today: string): boolean {
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
        `^${String(val)
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/%/g, '.*')
          .replace(/_/g, '.')}$`,
        'i',
      );
      return v != null && re.test(String(v));
    }
    case 'isNull':
      return v === null || v === undefined || v === '';
    case 'isNotNull':
      return !(v === null || v === undefined || v === '');
    case 'greaterThan':
      return v != null && String(v) > String(val);
    case 'lessThan':
      return v != null && String(v) < String(val);
    case 'greaterThanOrEquals':
      return v != null && String(v) >= String(val);
    case 'lessThanOrEquals':
      return v != null && String(v) <= String(val);
    case 'between': {
      const [a, b] = toWhereList(val);
      return v != null && String(v) >= String(a) && String(v) <= String(b);
    }
    case 'today':
      return typeof v === 'string' && v.startsWith(today);
    case 'lastXDays': {
      const from = new Date(Date.now() - Number(val) * 86_400_000).toISOString().slice(0, 10);
      return typeof v === 'string' && v.slice(0, 10) >= from;
    }
    case 'or':
      return toWhereArray(val).some((x) => matchOne(r, x, today));
    case 'and':
      return toWhereArray(val).every((x) => matchOne(r, x, today));
    default:
      return true;
  }
}

function toWhereList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.values(v);
  return v === undefined ? [] : [v];
}

export function whereAttributes(items: WhereItem[]): string[] {
  return items.flatMap((w) =>
    w.type === 'or' || w.type === 'and'
      ? whereAttributes(toWhereArray(w.value))
      : w.attribute
        ? [w.attribute]
        : [],
  );
}
