/**
 * Read and list as EspoCRM 8.4.2 answers them: `GET {Entity}/{id}`, `GET {Entity}` (where, textFilter,
 * select, order, paging, searchParams) and `GET {Entity}/{id}/{link}` (the related records, same params).
 */
import { entityAttributes } from './attributes.ts';
import { type EspoContext, findRecord, liveRecords } from './context.ts';
import { todayIn } from './dates.ts';
import { badRequest, HttpError, internalError, notFound } from './errors.ts';
import { hydrate } from './hydrate.ts';
import { linkDef, linked, linkKind } from './links.ts';
import { collate, matchWhere, parseBracketQuery, toWhereArray, type WhereItem } from './query.ts';
import type { Rec } from './records.ts';
import { readShape, rowShape } from './shapes.ts';
import { checkWhere } from './where-check.ts';

/** Attributes `where` may name on entities the stand-in keeps without metadata. */
const LEGACY_ATTRIBUTES = [
  'id',
  'createdAt',
  'modifiedAt',
  'assignedUserId',
  'parentId',
  'parentType',
  'createdById',
];

export function readRecord(ctx: EspoContext, entity: string, id: string): Rec {
  const rec = findRecord(ctx, entity, id);
  if (!rec) throw notFound(`Record ${id} does not exist.`);
  return readShape(ctx, entity, rec);
}

export interface SearchParams {
  where: WhereItem[];
  text?: string;
  isQ: boolean;
  select: string[] | null;
  orderBy: string | null;
  order: 'asc' | 'desc' | null;
  maxSize: number;
  offset: number;
}

/** The query string (bracket form or `searchParams` JSON) → search params, with EspoCRM's 400/403s. */
export function searchParamsOf(q: URLSearchParams): SearchParams {
  let params: Rec = parseBracketQuery(q);
  if (q.has('searchParams')) {
    try {
      params = JSON.parse(q.get('searchParams')!) as Rec;
    } catch {
      throw badRequest('Invalid search params JSON.');
    }
    if (params.select !== undefined && !Array.isArray(params.select))
      throw badRequest('select should be array.');
  }
  const maxSize = params.maxSize === undefined ? 20 : Number(params.maxSize);
  if (maxSize > 200) throw new HttpError(403, 'Max size should not exceed 200. Use offset and limit.');
  const select = params.select
    ? Array.isArray(params.select)
      ? (params.select as string[])
      : String(params.select).split(',')
    : null;
  return {
    where: toWhereArray(params.where),
    text: (params.textFilter ?? params.q) as string | undefined,
    isQ: params.q !== undefined,
    select,
    orderBy: (params.orderBy as string | undefined) ?? null,
    order: params.order === 'asc' ? 'asc' : params.order === 'desc' ? 'desc' : null,
    maxSize,
    offset: Number(params.offset ?? 0),
  };
}

/**
 * Core/Select/Text: each text-filter field (collection.textFilterFields, else `name`) is matched with
 * "starts with" (`*` is a wildcard), a person name also as "first last" / "last first", a text field
 * with "contains" from 4 characters; an e-mail is skipped when the filter has a space.
 */
function textMatcher(ctx: EspoContext, entity: string, text: string): (r: Rec) => boolean {
  const defs = ctx.meta.entityDefs[entity];
  const fields =
    defs?.collection?.textFilterFields ?? (defs ? ['name'] : ['name', 'accountName', 'emailAddress']);
  const wildcard = text.includes('*');
  const escaped = collate(text)
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const starts = new RegExp(`^${escaped}`, 'i');
  const contains = new RegExp(escaped, 'i');
  const tests: Array<(r: Rec) => boolean> = fields.map((field) => {
    const type = defs?.fields[field]?.type;
    if (type === 'personName' || (!defs && field === 'name'))
      return (r) =>
        [r.firstName, r.lastName, r.name, `${r.lastName ?? ''} ${r.firstName ?? ''}`.trim()].some((v) =>
          starts.test(collate(String(v ?? ''))),
        );
    if (type === 'email' && text.includes(' ')) return () => false;
    if (type === 'text' && !wildcard && text.length >= 4)
      return (r) => contains.test(collate(String(r[field] ?? '')));
    return (r) => starts.test(collate(String(r[field] ?? '')));
  });
  return (r) => tests.some((t) => t(r));
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = a === null || a === undefined ? '' : String(a);
  const y = b === null || b === undefined ? '' : String(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Filters, sorts and pages hydrated rows of `entity`. */
function query(
  ctx: EspoContext,
  entity: string,
  rows: Rec[],
  p: SearchParams,
): { total: number; page: Rec[] } {
  const defs = ctx.meta.entityDefs[entity];
  const attributes = defs ? entityAttributes(defs) : new Set(LEGACY_ATTRIBUTES);
  checkWhere(p.where, {
    hasAttribute: (a) => attributes.has(a),
    hasRelation: (l) => !!defs?.links[l],
  });
  const tz = ctx.settings.timeZone;
  const today = todayIn(tz);
  const whereCtx = {
    timeZone: tz,
    linkedIds: (r: Rec, link: string) => {
      const stored = findRecord(ctx, entity, r.id);
      return stored ? linked(ctx, entity, stored, link).map((l) => String(l.rec.id)) : [];
    },
  };
  let out = rows.filter((r) => matchWhere(r, p.where, today, whereCtx));
  if (p.text) out = out.filter(textMatcher(ctx, entity, p.text));
  const key = p.orderBy ?? defs?.collection?.orderBy ?? 'createdAt';
  // An explicit orderBy sorts as asked (desc unless `asc`); ties are broken by id in the same direction.
  const dir = p.orderBy ? (p.order === 'asc' ? 1 : -1) : defs?.collection?.order === 'asc' ? 1 : -1;
  out.sort((a, b) => (compare(a[key], b[key]) || compare(a.id, b.id)) * dir);
  return { total: out.length, page: out.slice(p.offset, p.offset + p.maxSize) };
}

export function listRecords(ctx: EspoContext, entity: string, q: URLSearchParams, noTotal: boolean) {
  const p = searchParamsOf(q);
  const rows = liveRecords(ctx, entity).map((r) => hydrate(ctx, entity, r));
  const { total, page } = query(ctx, entity, rows, p);
  return {
    total: noTotal ? -1 : p.isQ ? -2 : total,
    list: page.map((r) => rowShape(ctx, entity, findRecord(ctx, entity, r.id)!, p.select, p.orderBy)),
  };
}

/**
 * recordDefs.<Entity>.relationships.<link>.mandatoryAttributeList in 8.4.2 (Crm recordDefs). Seen on
 * 8.4.2: a related list of such a link without `select` answers short rows, only these with the id,
 * ACL and order attributes (not even the row entity's own mandatory ones); with a `select` they are
 * added to it.
 */
const RELATIONSHIP_MANDATORY: Record<string, Record<string, string[]>> = {
  Account: { contacts: ['accountIsInactive'] },
};

/**
 * `GET {Entity}/{id}/{link}` (Record::findLinked): 404 without reason when the record is missing, a bare 500
 * for a link the entity does not have; rows carry the middle table's columns as attributes of the row
 * entity, named by the foreign link's columnAttributeMap (seen on 8.4.2: Contact/{id}/accounts rows
 * carry contactRole, Account/{id}/contacts rows accountRole and accountIsInactive).
 */
export function listLinked(ctx: EspoContext, entity: string, id: string, link: string, q: URLSearchParams) {
  const rec = findRecord(ctx, entity, id);
  if (!rec) throw notFound();
  const kind = linkKind(ctx, entity, link);
  if (!kind) throw internalError();
  const p = searchParamsOf(q);
  if (kind.kind === 'unmodelled' || kind.kind === 'belongsToParent') return { total: 0, list: [] };
  const foreignEntity = kind.foreignEntity;
  const foreignLink = linkDef(ctx, entity, link)?.foreign;
  const columnMap = ((foreignLink
    ? linkDef(ctx, foreignEntity, String(foreignLink))?.columnAttributeMap
    : null) ?? {}) as Record<string, string>;
  const items = linked(ctx, entity, rec, link);
  const rows = items.map((i) => ({
    ...hydrate(ctx, foreignEntity, i.rec),
    ...Object.fromEntries(Object.entries(columnMap).map(([col, attr]) => [attr, i.columns[col] ?? null])),
  }));
  const { total, page } = query(ctx, foreignEntity, rows, p);
  const mandatory = RELATIONSHIP_MANDATORY[entity]?.[link];
  const select = mandatory ? [...(p.select ?? []), ...mandatory] : p.select;
  // Column attributes come with full rows, or when selected (or mandatory).
  const columns = Object.values(columnMap).filter((attr) => !select || select.includes(attr));
  return {
    total,
    list: page.map((r) => ({
      ...rowShape(ctx, foreignEntity, findRecord(ctx, foreignEntity, r.id)!, select, p.orderBy, !!p.select),
      ...Object.fromEntries(columns.map((attr) => [attr, r[attr] ?? null])),
    })),
  };
}
