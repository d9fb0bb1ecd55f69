/**
 * `POST {Entity}/{id}/{link}` and `DELETE {Entity}/{id}/{link}` with `{"id"}` or `{"ids":[…]}`
 * (Core/Controllers/Record.php, Core/Record/Service::link/unlink, Core/Record/Access/LinkCheck.php).
 * Only hasMany / many-to-many / hasChildren links can be written this way; a belongsTo (e.g.
 * Contact.account) is set by updating `accountId`. No id at all answers `false`.
 */
import { type EspoContext, findRecord } from './context.ts';
import { errorBody, forbidden, internalError, notFound } from './errors.ts';
import { afterRelate, afterUnrelate } from './hooks.ts';
import { linkDef, linked, linkKind, relate, unrelate } from './links.ts';
import type { Rec } from './records.ts';

/** recordDefs.<Entity>.relationships.<link>.linkOnlyNotLinked in 8.4.2. */
const LINK_ONLY_NOT_LINKED: Record<string, string[]> = { Account: ['opportunities'] };

function idsOf(body: Rec): string[] {
  const ids: string[] = [];
  if (body.id !== undefined && body.id !== null) ids.push(String(body.id));
  if (Array.isArray(body.ids)) ids.push(...body.ids.map(String));
  return ids;
}

function prepare(ctx: EspoContext, entity: string, id: string, link: string) {
  const def = linkDef(ctx, entity, link);
  if (def && !['hasMany', 'hasChildren'].includes(def.type))
    throw forbidden('Only manyMany, hasMany & hasChildren relations are allowed.');
  const rec = findRecord(ctx, entity, id);
  if (!rec) throw notFound();
  const kind = linkKind(ctx, entity, link);
  if (!kind) throw internalError(); // LogicException: "Entity has not relation"
  return { rec, kind };
}

export function linkRecords(ctx: EspoContext, entity: string, id: string, link: string, body: Rec): boolean {
  const ids = idsOf(body);
  let result = false;
  for (const foreignId of ids) {
    const { rec, kind } = prepare(ctx, entity, id, link);
    if (kind.kind === 'unmodelled' && kind.foreignEntity === 'Team') {
      // Teams are not kept: the ids are remembered as written (no existence check).
      const key = `${link}Ids`;
      rec[key] = [...((rec[key] as string[] | undefined) ?? []), foreignId];
      result = true;
      continue;
    }
    if (kind.kind === 'unmodelled' || !('foreignEntity' in kind)) throw notFound();
    const foreign = findRecord(ctx, kind.foreignEntity, foreignId);
    if (!foreign) throw notFound();
    if (LINK_ONLY_NOT_LINKED[entity]?.includes(link)) {
      const back = linkDef(ctx, entity, link)?.foreign;
      if (back && linked(ctx, kind.foreignEntity, foreign, back).length)
        throw forbidden(
          `Cannot link as the record is already linked (${entity}:${link}).`,
          errorBody('cannotLinkAlreadyLinked'),
        );
    }
    relate(ctx, entity, rec, link, foreign);
    afterRelate(entity, link, rec, foreign);
    result = true;
  }
  return result;
}

export function unlinkRecords(
  ctx: EspoContext,
  entity: string,
  id: string,
  link: string,
  body: Rec,
): boolean {
  let result = false;
  for (const foreignId of idsOf(body)) {
    const { rec, kind } = prepare(ctx, entity, id, link);
    if (kind.kind === 'unmodelled' && kind.foreignEntity === 'Team') {
      const key = `${link}Ids`;
      rec[key] = ((rec[key] as string[] | undefined) ?? []).filter((x) => x !== foreignId);
      result = true;
      continue;
    }
    if (kind.kind === 'unmodelled' || !('foreignEntity' in kind)) throw notFound();
    const foreign = findRecord(ctx, kind.foreignEntity, foreignId);
    if (!foreign) throw notFound();
    unrelate(ctx, entity, rec, link, foreign);
    afterUnrelate(entity, link, rec, foreign);
    result = true;
  }
  return result;
}
