/**
 * Relationships as EspoCRM's ORM stores them: belongsTo = `<link>Id` on the record, hasMany whose foreign
 * link is belongsTo = the foreign key on the other side, hasMany both ways = a middle table with columns,
 * hasChildren = the child's parentType/parentId, hasOne = the foreign key of the other side pointing here.
 */
import { type EspoContext, findRecord, type JoinRow, liveRecords } from './context.ts';
import type { LinkDef } from './defs/index.ts';
import type { Rec } from './records.ts';

export type LinkKind =
  | { kind: 'belongsTo'; foreignEntity: string; key: string }
  | { kind: 'belongsToParent'; key: string; typeKey: string }
  | { kind: 'oneToMany'; foreignEntity: string; foreignKey: string }
  | { kind: 'children'; foreignEntity: string; idKey: string; typeKey: string }
  | { kind: 'manyMany'; foreignEntity: string; relation: string }
  | { kind: 'hasOne'; foreignEntity: string; foreignKey: string }
  /** A link to an entity the stand-in does not keep (Case, Document, Email, Team, …): never has records. */
  | { kind: 'unmodelled'; foreignEntity: string };

const lcfirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** EspoCRM's default middle-table name: both entity types in alphabetical order, camel-cased. */
export const relationNameOf = (a: string, b: string, def: LinkDef) =>
  def.relationName ?? lcfirst(a < b ? a + b : b + a);

export function linkDef(ctx: EspoContext, entity: string, link: string): LinkDef | undefined {
  return ctx.meta.entityDefs[entity]?.links?.[link];
}

export function linkKind(ctx: EspoContext, entity: string, link: string): LinkKind | null {
  const def = linkDef(ctx, entity, link);
  if (!def) return null;
  const foreignEntity = def.entity ?? '';
  const foreignDef = def.foreign ? ctx.meta.entityDefs[foreignEntity]?.links?.[def.foreign] : undefined;
  switch (def.type) {
    case 'belongsTo':
      return { kind: 'belongsTo', foreignEntity, key: `${link}Id` };
    case 'belongsToParent':
      return { kind: 'belongsToParent', key: `${link}Id`, typeKey: `${link}Type` };
    case 'hasChildren':
      if (!ctx.meta.entityDefs[foreignEntity]) return { kind: 'unmodelled', foreignEntity };
      return { kind: 'children', foreignEntity, idKey: `${def.foreign}Id`, typeKey: `${def.foreign}Type` };
    case 'hasOne':
      if (foreignDef?.type !== 'belongsTo') return { kind: 'unmodelled', foreignEntity };
      return { kind: 'hasOne', foreignEntity, foreignKey: `${def.foreign}Id` };
    case 'hasMany':
      if (foreignDef?.type === 'belongsTo')
        return { kind: 'oneToMany', foreignEntity, foreignKey: `${def.foreign}Id` };
      // Users are kept (as accounts), so attendee links to User are real middle tables.
      if (foreignDef?.type === 'hasMany' || (foreignEntity === 'User' && def.foreign))
        return { kind: 'manyMany', foreignEntity, relation: relationNameOf(entity, foreignEntity, def) };
      return { kind: 'unmodelled', foreignEntity };
    default:
      return null;
  }
}

function joinSide(row: JoinRow, entity: string, id: string): 'left' | 'right' | null {
  if (row.left.entity === entity && row.left.id === id) return 'left';
  if (row.right.entity === entity && row.right.id === id) return 'right';
  return null;
}

/** The middle-table rows of one record on one relation. */
export function joinRows(ctx: EspoContext, relation: string, entity: string, id: string): JoinRow[] {
  return ctx.joins.filter((r) => r.relation === relation && joinSide(r, entity, id) !== null);
}

const otherSide = (row: JoinRow, entity: string, id: string) =>
  joinSide(row, entity, id) === 'left' ? row.right : row.left;

/** Ids of the records linked to `entity/id` through `link` (live records only), with middle columns. */
export function linked(
  ctx: EspoContext,
  entity: string,
  rec: Rec,
  link: string,
): Array<{ rec: Rec; columns: Rec }> {
  const k = linkKind(ctx, entity, link);
  const id = String(rec.id);
  if (!k) return [];
  switch (k.kind) {
    case 'belongsTo': {
      const r = findRecord(ctx, k.foreignEntity, rec[k.key]);
      return r ? [{ rec: r, columns: {} }] : [];
    }
    case 'belongsToParent': {
      const r = findRecord(ctx, String(rec[k.typeKey] ?? ''), rec[k.key]);
      return r ? [{ rec: r, columns: {} }] : [];
    }
    case 'oneToMany':
    case 'hasOne':
      return liveRecords(ctx, k.foreignEntity)
        .filter((r) => r[k.foreignKey] === id)
        .map((r) => ({ rec: r, columns: {} }));
    case 'children':
      return liveRecords(ctx, k.foreignEntity)
        .filter((r) => r[k.typeKey] === entity && r[k.idKey] === id)
        .map((r) => ({ rec: r, columns: {} }));
    case 'manyMany':
      return joinRows(ctx, k.relation, entity, id).flatMap((row) => {
        const other = otherSide(row, entity, id);
        const r = findRecord(ctx, other.entity, other.id);
        return r ? [{ rec: r, columns: row.columns }] : [];
      });
    default:
      return [];
  }
}

/** Default values of a relation's extra columns (additionalColumns[*].default). */
function defaultColumns(def: LinkDef | undefined): Rec {
  const cols = (def?.additionalColumns ?? {}) as Record<string, { default?: unknown }>;
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.default ?? null]));
}

/** The middle table's columns may be declared on the other side only (Contact.accounts, not Account.contacts). */
function foreignDefaults(ctx: EspoContext, entity: string, link: string): Rec {
  const def = linkDef(ctx, entity, link);
  return def?.entity && def.foreign ? defaultColumns(linkDef(ctx, def.entity, def.foreign)) : {};
}

/** What relating and unrelating act on: the link's kind and both ids (null: the entity has no such link). */
function linkEnds(ctx: EspoContext, entity: string, rec: Rec, link: string, foreign: Rec) {
  const k = linkKind(ctx, entity, link);
  return k ? { k, id: String(rec.id), fid: String(foreign.id) } : null;
}

/**
 * Relates two live records (the ORM's relate): sets the foreign key, the child's parent, or adds a
 * middle-table row (an existing row keeps its columns unless new ones are given).
 */
export function relate(
  ctx: EspoContext,
  entity: string,
  rec: Rec,
  link: string,
  foreign: Rec,
  columns?: Rec,
): void {
  const on = linkEnds(ctx, entity, rec, link, foreign);
  if (!on) return;
  const { k, id, fid } = on;
  switch (k.kind) {
    case 'belongsTo':
      rec[k.key] = fid;
      return;
    case 'oneToMany':
    case 'hasOne':
      foreign[k.foreignKey] = id;
      return;
    case 'children':
      foreign[k.idKey] = id;
      foreign[k.typeKey] = entity;
      return;
    case 'manyMany': {
      const existing = joinRows(ctx, k.relation, entity, id).find((r) => otherSide(r, entity, id).id === fid);
      if (existing) {
        if (columns) Object.assign(existing.columns, columns);
        return;
      }
      ctx.joins.push({
        relation: k.relation,
        left: { entity, id },
        right: { entity: k.foreignEntity, id: fid },
        columns: {
          ...defaultColumns(linkDef(ctx, entity, link)),
          ...foreignDefaults(ctx, entity, link),
          ...columns,
        },
      });
      return;
    }
    default:
      return;
  }
}

export function unrelate(ctx: EspoContext, entity: string, rec: Rec, link: string, foreign: Rec): void {
  const on = linkEnds(ctx, entity, rec, link, foreign);
  if (!on) return;
  const { k, id, fid } = on;
  switch (k.kind) {
    case 'belongsTo':
      if (rec[k.key] === fid) rec[k.key] = null;
      return;
    case 'oneToMany':
    case 'hasOne':
      if (foreign[k.foreignKey] === id) foreign[k.foreignKey] = null;
      return;
    case 'children':
      if (foreign[k.idKey] === id && foreign[k.typeKey] === entity) {
        foreign[k.idKey] = null;
        foreign[k.typeKey] = null;
      }
      return;
    case 'manyMany':
      ctx.joins.splice(
        0,
        ctx.joins.length,
        ...ctx.joins.filter(
          (r) =>
            !(r.relation === k.relation && joinSide(r, entity, id) && otherSide(r, entity, id).id === fid),
        ),
      );
      return;
    default:
      return;
  }
}
