import { espoDateTime } from '../../crm/espo/where.ts';
import type { CreateResult, CrmClient, CrmRecord } from '../../crm/port.ts';
import { isAppError } from '../../shared/errors.ts';

/**
 * The CRM as one write tool call sees it when that call may already have been applied by an
 * earlier attempt of the same message (its answer was lost, or the attempt died mid-call):
 *
 * - create: looks for the record this call would have made (same identifying fields, created
 *   since the message arrived) and returns it instead of writing a second one;
 * - delete: a record that is already gone was deleted by that earlier attempt;
 * - update, link: repeating them sets the same values, so they go through as they are.
 *
 * On a first attempt nothing can have been applied yet and the CRM is used as it is.
 */
export function guardCrm(crm: CrmClient, o: { mayHaveApplied: boolean; since: Date }): CrmClient {
  if (!o.mayHaveApplied) return crm;
  return {
    ...crm,
    async create(entity, data, opts) {
      const found = await findCreated(crm, entity, data, o.since);
      if (found) return { record: found, duplicate: false, duplicates: [], reused: true } as CreateResult;
      return crm.create(entity, data, opts);
    },
    async delete(entity, id) {
      try {
        await crm.delete(entity, id);
      } catch (e) {
        if (isAppError(e) && e.code === 'not_found') return;
        throw e;
      }
    },
  };
}

/** Fields that identify a record a create call makes, per entity (the first present ones are used). */
const IDENTITY: Record<string, string[]> = {
  // Not the phone: EspoCRM stores it normalised (E.164), so it would not compare equal to the input.
  Lead: ['lastName', 'firstName', 'emailAddress'],
  Contact: ['lastName', 'firstName', 'emailAddress'],
  Account: ['name'],
  Opportunity: ['name', 'accountId'],
  Task: ['name', 'parentId'],
  // Not dateStart for a call: one logged "now" starts at another minute on the retry.
  Call: ['name', 'parentId'],
  Meeting: ['name', 'parentId', 'dateStart'],
  DiagnosticIA: ['name', 'leadId', 'accountId'],
  MissionMAX: ['name', 'leadId', 'accountId'],
};

export async function findCreated(
  crm: CrmClient,
  entity: string,
  data: Record<string, unknown>,
  since: Date,
): Promise<CrmRecord | null> {
  const after = espoDateTime(since);
  if (entity === 'Note') {
    // Notes are found through their parent's stream (what EspoCRM lists for any user with access).
    const parentType = data.parentType;
    const parentId = data.parentId;
    if (typeof parentType !== 'string' || typeof parentId !== 'string') return null;
    const stream = await crm.stream(parentType, parentId, { maxSize: 30 });
    return (
      stream.list.find(
        (n) => n.type === 'Post' && n.post === data.post && String(n.createdAt ?? '') >= after,
      ) ?? null
    );
  }
  const keys = (IDENTITY[entity] ?? ['name']).filter((k) => typeof data[k] === 'string' && data[k] !== '');
  if (!keys.length) return null;
  const res = await crm.list(entity, {
    where: keys.map((k) => ({ type: 'equals' as const, attribute: k, value: String(data[k]) })),
    orderBy: 'createdAt',
    order: 'desc',
    maxSize: 5,
  });
  return res.list.find((r) => String(r.createdAt ?? '') >= after) ?? null;
}
