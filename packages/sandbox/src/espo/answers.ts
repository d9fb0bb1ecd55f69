/**
 * What a create or update answer shows, where it differs from the record the next GET loads. Seen
 * on a real 8.4.2 (packages/sandbox/test/espo/real-espocrm-drift.test.ts holds each against it):
 * the answer is the entity as the request set it, before the save derived anything.
 */
import type { EspoContext } from './context.ts';
import type { Rec } from './records.ts';
import { createShape, readShape } from './shapes.ts';

/** Keys a create answer keeps even when null: names of links, e-mail/phone flags. */
function keptWhenNull(ctx: EspoContext, entity: string): Set<string> {
  const keep = new Set<string>();
  for (const [field, def] of Object.entries(ctx.meta.entityDefs[entity]?.fields ?? {})) {
    if (def.type === 'link' || def.type === 'linkOne' || def.type === 'linkParent') keep.add(`${field}Name`);
    if (def.type === 'email' || def.type === 'phone') {
      keep.add(`${field}IsOptedOut`);
      keep.add(`${field}IsInvalid`);
    }
  }
  return keep;
}

/**
 * Date-times as sent (after the sanitizer: an ISO offset becomes UTC, `H:i` stays `H:i`), and a
 * duration as sent, else `fallback` (the default on create, the loaded value on update): the save
 * computes them for the next GET (a Call created 10:00–10:15 answers duration 300, then reads 900).
 */
function asSent(
  ctx: EspoContext,
  entity: string,
  shaped: Rec,
  input: Rec,
  fallback: (field: string) => unknown,
): Rec {
  for (const [field, def] of Object.entries(ctx.meta.entityDefs[entity]?.fields ?? {})) {
    if (!(field in shaped)) continue;
    if ((def.type === 'datetime' || def.type === 'datetimeOptional') && typeof input[field] === 'string')
      shaped[field] = input[field];
    if (def.type === 'duration') shaped[field] = input[field] ?? fallback(field);
  }
  return shaped;
}

/** POST {Entity}: Lead, Task and Note as recorded; the others without the attributes still null. */
export function createAnswer(
  ctx: EspoContext,
  entity: string,
  rec: Rec,
  provided: string[],
  input: Rec,
): Rec {
  const shaped = createShape(ctx, entity, rec, provided);
  if (entity === 'Lead' || entity === 'Task' || entity === 'Note' || !ctx.meta.entityDefs[entity])
    return shaped;
  const keep = keptWhenNull(ctx, entity);
  const set = Object.fromEntries(
    Object.entries(shaped).filter(([k, v]) => (v !== null && v !== undefined) || keep.has(k)),
  );
  return asSent(
    ctx,
    entity,
    set,
    input,
    (field) => ctx.meta.entityDefs[entity]!.fields[field]?.default ?? null,
  );
}

/**
 * PUT/PATCH {Entity}/{id}: the record as saved, except link-multiple fields the request did not
 * set, which keep what was loaded before the save (moving a contact to another account answers the
 * old accountsIds; the new row, added by a hook, shows in the next GET), and date-times and
 * durations as above.
 */
export function updateAnswer(
  ctx: EspoContext,
  entity: string,
  prior: Rec | null,
  updated: Rec,
  input: Rec,
): Rec {
  const shaped = readShape(ctx, entity, updated);
  if (!prior || !ctx.meta.entityDefs[entity]) return shaped;
  for (const [field, def] of Object.entries(ctx.meta.entityDefs[entity]!.fields)) {
    if (def.type !== 'linkMultiple') continue;
    const keys = [`${field}Ids`, `${field}Names`, `${field}Columns`];
    if (keys.some((k) => k in input)) continue;
    for (const k of keys) if (k in prior && k in shaped) shaped[k] = prior[k];
  }
  return asSent(ctx, entity, shaped, input, (field) => prior[field] ?? null);
}
