import { z } from 'zod';
import type { RecordSummary } from '../../entities/summary.ts';
import { type RecordTarget, resolveRecord, type TargetResolution } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { isCustomEntity, OWNED } from '../custom/custom-entities.ts';
import { resolveOwned } from './owned-records.ts';

/** What a note, task, call or meeting can be about (missions and diagnostics have no stream nor activities). */
export const ABOUT_ENTITIES = ['Lead', 'Contact', 'Account', 'Opportunity'] as const;

/**
 * The entity of a target, as a short string (these tools are offered with every message): the tool
 * refuses one that cannot take the activity, with the reply naming those that can.
 */
export const aboutEntitySchema = z
  .string()
  .max(20)
  .optional()
  .describe('Lead (default), Contact, Account, Opportunity');

/** Where a record is looked for when the entity is not said: leads first, as MAX always did. */
const SEARCH_ORDER = ['Lead', 'Contact', 'Account', 'Opportunity'];

export type AboutResolution = TargetResolution & { entity: string };

const isEmpty = (t: RecordTarget) => !Object.values(t).some(Boolean);

const resolveIn = (ctx: ToolContext, entity: string, target: RecordTarget): Promise<TargetResolution> =>
  isCustomEntity(entity) ? resolveOwned(ctx, OWNED[entity], target) : resolveRecord(ctx, entity, target);

/**
 * The record a command is about, in any entity: the one said, else the record in focus ({}), else
 * the first entity of SEARCH_ORDER where the target matches (a lead named so wins, as before).
 */
export async function resolveAbout(
  ctx: ToolContext,
  entity: string | undefined,
  target: RecordTarget,
): Promise<AboutResolution> {
  if (entity) return { ...(await resolveIn(ctx, entity, target)), entity };
  if (isEmpty(target)) {
    const focus = ctx.focus?.entity ?? 'Lead';
    return { ...(await resolveIn(ctx, focus, target)), entity: focus };
  }
  for (const e of SEARCH_ORDER) {
    const r = await resolveIn(ctx, e, target);
    if (r.kind !== 'none') return { ...r, entity: e };
  }
  return {
    kind: 'none',
    what: target.name ?? target.emailAddress ?? target.phoneNumber ?? target.id ?? '',
    entity: 'Lead',
  };
}

/**
 * Resolves, then runs `fn` on exactly one record; ambiguity and absence become outcomes. With
 * `allowed` (the activity and the entities it can hang on), an entity said outside them is refused
 * before anything is looked up.
 */
export async function withAbout(
  ctx: ToolContext,
  entity: string | undefined,
  target: RecordTarget,
  fn: (entity: string, record: RecordSummary) => Promise<ToolOutcome>,
  allowed?: { activity: string; parents: string[] },
): Promise<ToolOutcome> {
  if (entity && allowed && !allowed.parents.includes(entity))
    return parentNotAllowed(allowed.activity, entity, allowed.parents);
  const r = await resolveAbout(ctx, entity, target);
  if (r.kind === 'none') return { ok: false, kind: 'not_found', what: r.what, entity: r.entity };
  if (r.kind === 'many') return { ok: false, kind: 'ambiguous', candidates: r.candidates, entity: r.entity };
  return fn(r.entity, r.record);
}

/** Entities a Note can be posted on: those with a stream (EspoCRM checks stream access on the parent). */
export const NOTE_PARENTS = ['Lead', 'Contact', 'Account', 'Opportunity', 'Meeting', 'Task', 'Case'];

/** Call, Meeting and Task parents come from the live metadata (`parent.entityList`). */
export async function parentsOf(ctx: ToolContext, activity: string): Promise<string[]> {
  const list = (await ctx.crm.fields(activity)).parent?.entityList;
  return Array.isArray(list) ? list.map(String) : ['Account', 'Contact', 'Lead', 'Opportunity'];
}

/** A record of an entity an activity cannot hang on: the reply names the entities it can. */
export const parentNotAllowed = (
  activity: string,
  entity: string,
  allowed: string[],
): Extract<ToolOutcome, { kind: 'invalid' }> => ({
  ok: false,
  kind: 'invalid',
  field: activity,
  reason: 'parent_not_allowed',
  value: entity,
  allowed: allowed.filter((e) => e !== 'Case'),
});
