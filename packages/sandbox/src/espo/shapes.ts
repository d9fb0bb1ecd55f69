/**
 * Record answers. Lead, Task and Note keep the shapes recorded from a real 8.4.2 (records.ts); the other
 * entities are shaped from their metadata the way the ORM loads them: every storable attribute in field
 * order, names of linked records, then (read answers only) link-multiple ids/names/columns, e-mail and
 * phone data, and followers for stream entities. List rows leave out the link-multiple and data parts.
 */
import { actualAttributes, entityAttributes } from './attributes.ts';
import type { EspoContext } from './context.ts';
import type { FieldDef } from './defs/index.ts';
import { hydrate } from './hydrate.ts';
import { type Rec, shapeCreate, shapeDuplicate, shapeGet, shapeListRow, storedData } from './records.ts';

/** Not stored, yet loaded with the record. */
const LOADED_NOT_STORABLE = new Set(['title', 'accountIsInactive', 'isOverdue', 'reminders']);

function fieldKeys(field: string, def: FieldDef, full: boolean): string[] {
  if (def.notStorable && def.type !== 'duration' && def.type !== 'foreign' && !LOADED_NOT_STORABLE.has(field))
    return [];
  switch (def.type) {
    case 'personName':
    case 'address':
      return [];
    case 'currency':
      return [field, `${field}Currency`];
    case 'link':
    case 'linkOne':
      return [`${field}Id`, `${field}Name`];
    case 'linkParent':
      return [`${field}Id`, `${field}Type`, `${field}Name`];
    case 'linkMultiple':
      return full && !def.noLoad
        ? [`${field}Ids`, `${field}Names`, ...(def.columns ? [`${field}Columns`] : [])]
        : [];
    case 'attachmentMultiple':
      return full ? [`${field}Ids`, `${field}Names`, `${field}Types`] : [];
    case 'datetimeOptional':
      return [field, `${field}Date`];
    case 'jsonArray':
    case 'jsonObject':
      return full ? [field] : [];
    default:
      return [field];
  }
}

const EMPTY_BY_SUFFIX: Array<[RegExp, () => unknown]> = [
  [/(Ids|Data)$/, () => []],
  [/(Names|Columns|Types)$/, () => ({})],
];

function emptyFor(key: string, def?: FieldDef): unknown {
  if (def?.type === 'jsonArray') return [];
  for (const [re, make] of EMPTY_BY_SUFFIX) if (re.test(key)) return make();
  return null;
}

function contactData(h: Rec, field: 'emailAddress' | 'phoneNumber', defaultType: string): Rec[] {
  const stored = storedData(h, field);
  if (stored) return stored;
  const v = h[field];
  if (!v) return [];
  return field === 'emailAddress'
    ? [{ emailAddress: v, lower: String(v).toLowerCase(), primary: true, optOut: false, invalid: false }]
    : [{ phoneNumber: v, primary: true, type: defaultType, optOut: false, invalid: false }];
}

function genericShape(ctx: EspoContext, entity: string, rec: Rec, full: boolean): Rec {
  const defs = ctx.meta.entityDefs[entity]!;
  const h = hydrate(ctx, entity, rec, { multiple: full });
  const out: Rec = { id: h.id };
  if (defs.fields.name) out.name = h.name ?? null;
  out.deleted = false;
  const tail: Rec = {};
  for (const [field, def] of Object.entries(defs.fields)) {
    if (field === 'name') continue;
    for (const k of fieldKeys(field, def, full)) out[k] = h[k] ?? emptyFor(k, def);
    if (def.type === 'personName')
      tail[`middle${field.charAt(0).toUpperCase()}${field.slice(1)}`] = h.middleName ?? null;
    if (def.type === 'email' || def.type === 'phone') {
      tail[`${field}IsOptedOut`] = h[field] ? (h[`${field}IsOptedOut`] ?? false) : null;
      tail[`${field}IsInvalid`] = h[field] ? (h[`${field}IsInvalid`] ?? false) : null;
      if (full)
        tail[`${field}Data`] = contactData(
          h,
          field as 'emailAddress' | 'phoneNumber',
          String(def.defaultType ?? 'Office'),
        );
    }
  }
  Object.assign(out, tail);
  if (full && ctx.meta.scopes[entity]?.stream) {
    const followers = Array.isArray(rec.followersIds) ? (rec.followersIds as string[]) : [];
    out.isFollowed = false;
    out.followersIds = followers;
    out.followersNames = Object.fromEntries(
      followers.map((id) => [id, ctx.users.find((u) => u.id === id)?.userName ?? null]),
    );
  }
  return out;
}

const customOf = (ctx: EspoContext, entity: string, h: Rec): Rec =>
  Object.fromEntries(
    Object.entries(ctx.meta.entityDefs[entity]?.fields ?? {})
      .filter(([, d]) => d.isCustom && d.type !== 'linkMultiple')
      .map(([f]) => [f, h[f] ?? null]),
  );

/** GET {Entity}/{id}, and the answer of an update. */
export function readShape(ctx: EspoContext, entity: string, rec: Rec): Rec {
  const h = hydrate(ctx, entity, rec, { multiple: true });
  // Custom fields are columns like any other: present (null when unset) in every loaded record.
  if (entity === 'Lead') return { ...shapeGet('Lead', h), ...customOf(ctx, entity, h) };
  if (entity === 'Note') return { ...shapeGet('Note', h), ...customOf(ctx, entity, h) };
  if (!ctx.meta.entityDefs[entity]) return shapeGet(entity, h);
  return genericShape(ctx, entity, rec, true);
}

/** POST {Entity}. */
export function createShape(ctx: EspoContext, entity: string, rec: Rec, provided: string[]): Rec {
  const h = hydrate(ctx, entity, rec, { multiple: true });
  if (entity === 'Lead') {
    const custom = Object.entries(ctx.meta.entityDefs.Lead?.fields ?? {})
      .filter(([, d]) => d.isCustom && d.type !== 'linkMultiple')
      .map(([f]) => f);
    return shapeCreate('Lead', h, provided, custom);
  }
  if (entity === 'Task' || entity === 'Note') return { ...shapeGet(entity, h), ...customOf(ctx, entity, h) };
  if (!ctx.meta.entityDefs[entity]) return shapeGet(entity, h);
  return genericShape(ctx, entity, rec, true);
}

/** A row of a 409 duplicate answer (the ORM's `select *`). */
export function duplicateShape(ctx: EspoContext, entity: string, rec: Rec): Rec {
  const h = hydrate(ctx, entity, rec);
  if (entity === 'Lead') return { ...shapeDuplicate(h), ...customOf(ctx, entity, h) };
  return genericShape(ctx, entity, rec, false);
}

/** selectDefs.<Entity>.selectAttributesDependencyMap in 8.4.2 (Crm/Resources/metadata/selectDefs). */
const SELECT_DEPENDENCIES: Record<string, Record<string, string[]>> = {
  Call: { duration: ['dateStart', 'dateEnd'], dateStart: ['dateEnd'] },
  Contact: { accountId: ['accountIsInactive'] },
  Meeting: {
    duration: ['dateStart', 'dateEnd'],
    dateStart: ['dateEnd'],
    dateStartDate: ['dateEnd', 'dateEndDate'],
  },
  Opportunity: { contactsIds: ['contactId'] },
  Task: { dateEnd: ['status'] },
};

/**
 * The attributes of a list row when `select` is given (Core/Select/Select/Applier.php): id, the ACL
 * attributes (assignedUserId, createdById), the selected attributes that exist (with recordDefs'
 * mandatoryAttributeList), the attributes of the order field, then their select dependencies.
 */
function selectKeys(
  ctx: EspoContext,
  entity: string,
  select: string[],
  orderBy: string | null,
  entityMandatory = true,
): string[] {
  const defs = ctx.meta.entityDefs[entity]!;
  const exists = entityAttributes(defs);
  const keys = ['id'];
  const add = (a: string) => {
    if (exists.has(a) && !keys.includes(a)) keys.push(a);
  };
  for (const a of ['assignedUserId', 'createdById']) if (!select.includes(a)) add(a);
  const mandatory = entityMandatory ? (ctx.meta.recordDefs[entity]?.mandatoryAttributeList ?? []) : [];
  for (const a of [...select, ...mandatory]) add(a);
  const order = orderBy ?? defs.collection?.orderBy;
  const orderDef = order ? defs.fields[order] : undefined;
  if (order) for (const a of orderDef ? [...actualAttributes(order, orderDef), order] : [order]) add(a);
  for (const [a, deps] of Object.entries(SELECT_DEPENDENCIES[entity] ?? {}))
    if (keys.includes(a)) for (const d of deps) add(d);
  return keys;
}

/**
 * A row of a list (`select` narrows it; the rows still carry the mandatory attributes, the entity's
 * own ones unless `entityMandatory` is false).
 */
export function rowShape(
  ctx: EspoContext,
  entity: string,
  rec: Rec,
  select: string[] | null,
  orderBy: string | null,
  entityMandatory = true,
): Rec {
  const h = hydrate(ctx, entity, rec);
  if (entity === 'Lead')
    return select
      ? shapeListRow('Lead', h, select, orderBy)
      : { ...shapeListRow('Lead', h, null, orderBy), ...customOf(ctx, entity, h) };
  if (!select)
    return ctx.meta.entityDefs[entity] ? genericShape(ctx, entity, rec, false) : shapeGet(entity, h);
  if (!ctx.meta.entityDefs[entity])
    return Object.fromEntries(['id', ...select].map((k) => [k, h[k] ?? null]));
  return Object.fromEntries(
    selectKeys(ctx, entity, select, orderBy, entityMandatory).map((k) => [k, h[k] ?? null]),
  );
}
