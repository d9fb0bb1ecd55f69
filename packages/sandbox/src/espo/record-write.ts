/**
 * Create, update and delete as EspoCRM 8.4.2's Record service does them (Core/Record/Service.php):
 * input filtering → sanitizing → defaults → validation → link check → duplicate check (create only,
 * unless skipped) → hooks → save → relations → stream notes.
 */
import { actualAttributes } from './attributes.ts';
import type { EspoUser } from './auth.ts';
import { type EspoContext, findRecord } from './context.ts';
import { normalizeDateTime } from './dates.ts';
import { findDuplicates } from './duplicates.ts';
import { errorBody, forbidden, HttpError, notFound } from './errors.ts';
import { afterSave, beforeSave } from './hooks.ts';
import { linked, linkKind, relate, unrelate } from './links.ts';
import { fullName, type Rec } from './records.ts';
import { castInput, sanitizeInput } from './sanitize.ts';
import { duplicateShape } from './shapes.ts';
import { statusStyle } from './stream.ts';
import { validateRecord } from './validate.ts';

const SYSTEM = [
  'deleted',
  'id',
  'modifiedById',
  'modifiedByName',
  'modifiedAt',
  'createdById',
  'createdByName',
  'createdAt',
  'versionNumber',
];

const author = (u: EspoUser) => ({ id: u.id, name: u.name ?? u.userName });

/** filterInputSystemAttributes + read-only fields + names of linked records (computed, never written). */
function filterInput(ctx: EspoContext, entity: string, body: Rec): Rec {
  const data = { ...body };
  for (const k of SYSTEM) delete data[k];
  for (const [field, def] of Object.entries(ctx.meta.entityDefs[entity]?.fields ?? {})) {
    if (def.readOnly) for (const a of [field, ...actualAttributes(field, def)]) delete data[a];
    if (def.type === 'link' || def.type === 'linkParent' || def.type === 'linkOne')
      delete data[`${field}Name`];
  }
  return data;
}

/** What a create or update writes of a request body: system and read-only attributes dropped, sanitized. */
export const writtenInput = (ctx: EspoContext, entity: string, body: Rec): Rec =>
  sanitizeInput(ctx.meta.entityDefs[entity], filterInput(ctx, entity, body));

/** The computed `name` of a person (first + last), kept on the record for lists and duplicates. */
function personName(entity: string, rec: Rec): void {
  if ((entity === 'Lead' || entity === 'Contact') && ('firstName' in rec || 'lastName' in rec))
    rec.name = fullName(rec.firstName, rec.lastName);
}

function normalizeDates(ctx: EspoContext, entity: string, rec: Rec): void {
  for (const [field, def] of Object.entries(ctx.meta.entityDefs[entity]?.fields ?? {}))
    if ((def.type === 'datetime' || def.type === 'datetimeOptional') && typeof rec[field] === 'string')
      rec[field] = normalizeDateTime(rec[field] as string);
}

/** Core/Record/Access/LinkCheck::processFields: a written link must point at an existing record. */
function checkLinks(ctx: EspoContext, entity: string, rec: Rec, data: Rec): void {
  const links = ctx.meta.entityDefs[entity]?.links ?? {};
  const fail = (link: string, foreignEntityType: string) =>
    forbidden(
      `Can't relate with non-existing record. entity type: ${entity}, link: ${link}.`,
      errorBody('cannotRelateNonExisting', null, { foreignEntityType }),
    );
  for (const [link, def] of Object.entries(links)) {
    if (def.type === 'belongsTo' || def.type === 'belongsToParent') {
      const idAttr = `${link}Id`;
      if (!(idAttr in data) || rec[idAttr] === null || rec[idAttr] === undefined || rec[idAttr] === '')
        continue;
      const target = def.type === 'belongsToParent' ? String(rec[`${link}Type`] ?? '') : String(def.entity);
      if (!ctx.meta.entityDefs[target] && target !== 'User') continue; // records the stand-in does not keep
      if (!findRecord(ctx, target, rec[idAttr])) throw fail(link, target);
    }
    if (def.type === 'hasMany' && Array.isArray(data[`${link}Ids`])) {
      const kind = linkKind(ctx, entity, link);
      if (!kind || kind.kind === 'unmodelled' || kind.kind === 'belongsToParent') continue;
      for (const id of data[`${link}Ids`] as unknown[])
        if (!findRecord(ctx, kind.foreignEntity, id)) throw fail(link, kind.foreignEntity);
    }
  }
}

/** Link-multiple ids in the payload set the relation to exactly those records (with their columns). */
function saveLinkMultiple(ctx: EspoContext, entity: string, rec: Rec, data: Rec): void {
  for (const [field, def] of Object.entries(ctx.meta.entityDefs[entity]?.fields ?? {})) {
    if (def.type !== 'linkMultiple' || !Array.isArray(data[`${field}Ids`])) continue;
    const kind = linkKind(ctx, entity, field);
    if (!kind || kind.kind === 'unmodelled' || kind.kind === 'belongsToParent') {
      rec[`${field}Ids`] = (data[`${field}Ids`] as unknown[]).map(String);
      continue;
    }
    const ids = (data[`${field}Ids`] as unknown[]).map(String);
    const columns = (data[`${field}Columns`] ?? {}) as Record<string, Rec>;
    for (const l of linked(ctx, entity, rec, field))
      if (!ids.includes(String(l.rec.id))) unrelate(ctx, entity, rec, field, l.rec);
    for (const id of ids) {
      const foreign = findRecord(ctx, kind.foreignEntity, id);
      if (foreign) relate(ctx, entity, rec, field, foreign, columns[id]);
    }
    delete rec[`${field}Ids`];
  }
}

function defaultsOf(ctx: EspoContext, entity: string): Rec {
  const out: Rec = {};
  for (const [field, def] of Object.entries(ctx.meta.entityDefs[entity]?.fields ?? {})) {
    if (def.notStorable) continue;
    const d = def.default;
    // '' defaults and client-side (javascript:) defaults are not applied by the server.
    if (d === undefined || d === '' || (typeof d === 'string' && d.startsWith('javascript:'))) continue;
    out[field] = d;
  }
  return out;
}

export interface CreateOptions {
  skipDuplicateCheck: boolean;
}

export interface Created {
  rec: Rec;
  /** The attributes the client sent (after filtering), for the Lead create answer. */
  provided: string[];
}

export function createRecord(
  ctx: EspoContext,
  entity: string,
  body: Rec,
  user: EspoUser,
  opts: CreateOptions,
): Created {
  const defs = ctx.meta.entityDefs[entity];
  const data = sanitizeInput(defs, filterInput(ctx, entity, body));
  const rec: Rec = { ...defaultsOf(ctx, entity), ...castInput(defs, data) };
  personName(entity, rec);
  normalizeDates(ctx, entity, rec);
  // DefaultPopulator: an amount without currency gets the default currency.
  for (const [field, def] of Object.entries(defs?.fields ?? {}))
    if (def.type === 'currency' && rec[field] && !rec[`${field}Currency`])
      rec[`${field}Currency`] = ctx.settings.defaultCurrency;
  validateRecord(ctx.meta, ctx.settings, entity, rec, data, true);
  if (
    entity === 'Note' &&
    rec.parentId &&
    rec.parentType &&
    !findRecord(ctx, String(rec.parentType), rec.parentId)
  )
    throw forbidden('No create access.'); // Acl/Note/AccessChecker::checkEntityCreate
  checkLinks(ctx, entity, rec, data);
  if (!opts.skipDuplicateCheck) {
    const dups = findDuplicates(ctx, entity, rec);
    if (dups.length)
      throw new HttpError(
        409,
        'duplicate',
        dups.map((d) => duplicateShape(ctx, entity, d)),
      );
  }
  const t = ctx.now();
  Object.assign(rec, { id: ctx.newId(), deleted: false, createdAt: t, modifiedAt: t, createdById: user.id });
  // Records without metadata here (Webhook) keep the names as the answer shows them.
  if (!defs) Object.assign(rec, { createdByName: user.name ?? user.userName, modifiedByName: null });
  beforeSave(ctx, entity, rec, null, data);
  entityDefaults(ctx, entity, rec, user);
  ctx.table(entity).set(String(rec.id), rec);
  saveLinkMultiple(ctx, entity, rec, data);
  afterSave(ctx, entity, rec, null, data, user);
  streamOnCreate(ctx, entity, rec, user);
  ctx.afterCreate(entity, rec);
  return { rec, provided: Object.keys(data) };
}

/** Attributes a new record carries in 8.4.2 answers that do not come from field defaults. */
function entityDefaults(ctx: EspoContext, entity: string, rec: Rec, user: EspoUser): void {
  if (entity === 'Lead' || entity === 'Contact') {
    rec.doNotCall ??= false;
    rec.emailAddressIsOptedOut ??= false;
    rec.emailAddressIsInvalid ??= false;
    rec.phoneNumberIsOptedOut = rec.phoneNumber ? false : null;
    rec.phoneNumberIsInvalid = rec.phoneNumber ? false : null;
  }
  if (entity === 'Note') {
    Object.assign(rec, { data: {}, isInternal: rec.isInternal ?? false, number: ctx.stream.nextNumber() });
    rec.type ??= 'Post';
  }
  if (entity === 'Task') Object.assign(rec, { dateCompleted: rec.dateCompleted ?? null, isOverdue: false });
  if (ctx.meta.scopes[entity]?.stream && entity !== 'Lead') {
    // The assigned user follows the record (EspoCRM's auto-follow on assignment).
    const assignee = ctx.users.find((u) => u.id === rec.assignedUserId);
    rec.followersIds = assignee ? [assignee.id] : [];
    if (entity === 'Task') {
      rec.followersNames = assignee ? { [assignee.id]: assignee.userName } : {};
      rec.isFollowed = assignee?.id === user.id;
    }
  }
}

function streamOnCreate(ctx: EspoContext, entity: string, rec: Rec, user: EspoUser): void {
  const scope = ctx.meta.scopes[entity];
  const at = String(rec.createdAt);
  if (scope?.stream && entity !== 'Task') {
    const data: Rec = {};
    if (rec.assignedUserId) {
      data.assignedUserId = rec.assignedUserId;
      data.assignedUserName = findRecord(ctx, 'User', rec.assignedUserId)?.name ?? null;
    }
    const statusField = scope.statusField;
    if (statusField && rec[statusField]) {
      data.statusValue = rec[statusField];
      data.statusField = statusField;
      data.statusStyle = styleOf(ctx, entity, statusField, rec[statusField]);
    }
    ctx.stream.add({ type: entity, id: String(rec.id) }, author(user), at, 'Create', { data });
  }
  if (entity === 'Task' && rec.assignedUserId) ctx.stream.nextNumber(); // the Assign note on the task itself
  const parentType = String(rec.parentType ?? '');
  if (['Task', 'Call', 'Meeting'].includes(entity) && rec.parentId && ctx.meta.scopes[parentType]?.stream)
    ctx.stream.add({ type: parentType, id: String(rec.parentId) }, author(user), at, 'CreateRelated', {
      relatedId: rec.id,
      relatedType: entity,
      relatedName: rec.name ?? null,
    });
}

function styleOf(ctx: EspoContext, entity: string, field: string, value: unknown): string {
  const style = ctx.meta.entityDefs[entity]?.fields[field]?.style as
    | Record<string, string | null>
    | undefined;
  return style?.[String(value)] ?? (entity === 'Lead' ? statusStyle(value) : 'default');
}

export function updateRecord(ctx: EspoContext, entity: string, id: string, body: Rec, user: EspoUser): Rec {
  const rec = findRecord(ctx, entity, id);
  if (!rec) throw notFound(`Record ${id} not found.`);
  const defs = ctx.meta.entityDefs[entity];
  const data = sanitizeInput(defs, filterInput(ctx, entity, body));
  const fetched = { ...rec };
  const next: Rec = { ...rec, ...castInput(defs, data) };
  if ('firstName' in data || 'lastName' in data) personName(entity, next);
  normalizeDates(ctx, entity, next);
  validateRecord(ctx.meta, ctx.settings, entity, next, data, false);
  checkLinks(ctx, entity, next, data);
  beforeSave(ctx, entity, next, fetched, data);
  Object.assign(rec, next, { modifiedAt: ctx.now(), modifiedById: user.id });
  saveLinkMultiple(ctx, entity, rec, data);
  afterSave(ctx, entity, rec, fetched, data, user);
  const statusField = ctx.meta.scopes[entity]?.statusField;
  if (ctx.meta.scopes[entity]?.stream && statusField && rec[statusField] !== fetched[statusField])
    ctx.stream.add({ type: entity, id }, author(user), String(rec.modifiedAt), 'Status', {
      data: {
        field: statusField,
        value: rec[statusField],
        style: styleOf(ctx, entity, statusField, rec[statusField]),
      },
    });
  return rec;
}

export function deleteRecord(ctx: EspoContext, entity: string, id: string): void {
  const rec = findRecord(ctx, entity, id);
  if (!rec) throw notFound(`Record ${id} not found.`);
  rec.deleted = true;
}
