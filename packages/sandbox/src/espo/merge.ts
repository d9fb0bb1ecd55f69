/**
 * Merging duplicates as EspoCRM 8.4.2 does it: `POST Action {"entityType","action":"merge","id":<target>,
 * "data":{"sourceIdList":[…],"attributes":{…}}}` (Core/Action/Api/PostProcess.php, Core/Action/Actions/
 * Merge.php, Merge/Merger.php). There is no `{Entity}/action/merge` route in 8.4 (it answers 404).
 * - entityType, action or id missing → 400 (empty reason); an unknown action → 404 `Action '<a>' not found.`;
 *   sourceIdList not an array → 400 `No 'sourceIdList'.`; attributes not an object → 400 `No 'attributes'.`;
 *   unknown target → 404 `Record not found.`; unknown source → 404 `Source record not found.`
 * - Posts (and e-mail notes) of the sources move to the target, every hasMany / hasChildren / many-to-many
 *   relation of the sources is added to the target, the e-mail addresses and phone numbers of all of them
 *   are kept on the target, the sources are removed, then the target is saved with `attributes` (no
 *   validation, no duplicate check) and read back.
 * - Nothing prevents the target from being among the sources: it is then removed too, and the read-back
 *   answers 404 `Record <id> does not exist.` (an admin gets the removed record).
 */
import type { EspoUser } from './auth.ts';
import { type EspoContext, findRecord, liveRecords } from './context.ts';
import { badRequest, HttpError, notFound } from './errors.ts';
import { afterRelate, afterSave, beforeSave } from './hooks.ts';
import { linked, relate } from './links.ts';
import type { Rec } from './records.ts';
import { readShape } from './shapes.ts';

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const MERGEABLE = new Set(['hasMany', 'hasChildren']);

function addresses(rec: Rec, field: 'emailAddress' | 'phoneNumber'): Rec[] {
  const data = Array.isArray(rec[`${field}Data`]) ? (rec[`${field}Data`] as Rec[]) : [];
  if (data.length) return data.map((d) => ({ ...d }));
  return rec[field] ? [{ [field]: rec[field], primary: true, optOut: false, invalid: false }] : [];
}

export function processAction(ctx: EspoContext, body: Rec, user: EspoUser): Rec {
  const { entityType, action, id } = body;
  if (!entityType || !action || !id) throw badRequest();
  if (!ctx.meta.entityDefs[String(entityType)]) throw new HttpError(403, '');
  if (action !== 'merge') throw notFound(`Action '${String(action)}' not found.`);
  const data = isObject(body.data) ? body.data : {};
  return merge(ctx, String(entityType), String(id), data.sourceIdList, data.attributes, user);
}

function merge(
  ctx: EspoContext,
  entity: string,
  id: string,
  sourceIdList: unknown,
  attributes: unknown,
  user: EspoUser,
): Rec {
  if (!Array.isArray(sourceIdList)) throw badRequest("No 'sourceIdList'.");
  if (!isObject(attributes)) throw badRequest("No 'attributes'.");
  const target = findRecord(ctx, entity, id);
  if (!target) throw notFound('Record not found.');
  const sources = sourceIdList.map((sid) => {
    const s = findRecord(ctx, entity, sid);
    if (!s) throw notFound('Source record not found.');
    return s;
  });
  const fields = ctx.meta.entityDefs[entity]!.fields;
  const emails = fields.emailAddress?.type === 'email' ? addresses(target, 'emailAddress') : null;
  const phones = fields.phoneNumber?.type === 'phone' ? addresses(target, 'phoneNumber') : null;
  for (const s of sources) {
    if (emails) emails.push(...addresses(s, 'emailAddress').map((e) => ({ ...e, primary: false })));
    if (phones) phones.push(...addresses(s, 'phoneNumber').map((p) => ({ ...p, primary: false })));
    // Merger::updateNotes: Post / EmailSent / EmailReceived notes change parent.
    for (const note of liveRecords(ctx, 'Note'))
      if (
        note.parentId === s.id &&
        note.parentType === entity &&
        ['Post', 'EmailSent', 'EmailReceived'].includes(String(note.type))
      ) {
        note.parentId = target.id;
        note.parentType = entity;
      }
  }
  const links = Object.entries(ctx.meta.entityDefs[entity]!.links)
    .filter(([name, def]) => MERGEABLE.has(def.type) && !def.notMergeable && name !== 'teams')
    .map(([name]) => name);
  for (const s of sources)
    for (const link of links)
      for (const { rec: related, columns } of linked(ctx, entity, s, link)) {
        relate(ctx, entity, target, link, related, Object.keys(columns).length ? columns : undefined);
        afterRelate(entity, link, target, related);
      }
  for (const s of sources) s.deleted = true;
  const fetched = { ...target };
  const changes: Rec = { ...attributes };
  for (const k of ['id', 'deleted', 'createdAt', 'createdById']) delete changes[k];
  const dedupe = (list: Rec[], key: string, primary: unknown) => {
    const seen = new Set<string>();
    const out = list.filter((x) => {
      const k = String(x[key]).toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (primary) for (const x of out) x.primary = x[key] === primary;
    else for (const [i, x] of out.entries()) x.primary = i === 0;
    return out;
  };
  Object.assign(target, changes, { modifiedAt: ctx.now(), modifiedById: user.id });
  if (emails) {
    target.emailAddressData = dedupe(emails, 'emailAddress', changes.emailAddress);
    target.emailAddress = (target.emailAddressData as Rec[]).find((e) => e.primary)?.emailAddress ?? null;
  }
  if (phones) {
    target.phoneNumberData = dedupe(phones, 'phoneNumber', changes.phoneNumber);
    target.phoneNumber = (target.phoneNumberData as Rec[]).find((p) => p.primary)?.phoneNumber ?? null;
  }
  if ('firstName' in changes || 'lastName' in changes)
    target.name = [target.firstName, target.lastName].filter(Boolean).join(' ') || null;
  beforeSave(ctx, entity, target, fetched, changes);
  afterSave(ctx, entity, target, fetched, changes, user);
  if (target.deleted) {
    if (user.type !== 'admin') throw notFound(`Record ${id} does not exist.`);
    return { ...readShape(ctx, entity, { ...target, deleted: false }), deleted: true };
  }
  return readShape(ctx, entity, target);
}
