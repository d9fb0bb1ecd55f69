/**
 * Lead conversion as EspoCRM 8.4.2 does it (Crm/Controllers/Lead::postActionConvert,
 * Crm/Tools/Lead/ConvertService.php):
 * - `POST Lead/action/convert {id, records:{Account?,Contact?,Opportunity?}, skipDuplicateCheck?}`;
 *   no id or a non-object `records` → 400 with an empty reason; an unknown lead → 404 with an empty reason.
 * - Account, then Contact (given the new account), then Opportunity (given both) are created through the
 *   regular create without its own duplicate check; before each, unless skipDuplicateCheck, the entity's
 *   duplicates are collected as {id, name, _entityType}; once any is found nothing more is created and
 *   the answer is 409 `duplicate` with that list. The skip flag is in the body (X-Skip-Duplicate-Check is
 *   not read here).
 * - A record that fails validation is a RuntimeException: a bare 500, and what was already created stays.
 * - Nothing checks the lead's current status: converting a Converted lead again creates new records.
 * - The lead gets status Converted, createdAccountId/ContactId/OpportunityId; its calls and meetings move
 *   to the opportunity (else the account) and get the contact as attendee. The answer is the lead as
 *   loaded before the save, with those attributes set (their *Name attributes still null).
 */
import type { EspoUser } from './auth.ts';
import { type EspoContext, findRecord } from './context.ts';
import { findDuplicates } from './duplicates.ts';
import { badRequest, HttpError, internalError, notFound } from './errors.ts';
import { hydrate } from './hydrate.ts';
import { linked, relate } from './links.ts';
import { createRecord } from './record-write.ts';
import type { Rec } from './records.ts';
import { shapeGet } from './records.ts';

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

export function convertLead(ctx: EspoContext, body: Rec, user: EspoUser): Rec {
  const id = body.id;
  if (!id) throw badRequest();
  const records = body.records ?? {};
  if (!isObject(records)) throw badRequest();
  const lead = findRecord(ctx, 'Lead', id);
  if (!lead) throw notFound();
  const loaded = shapeGet('Lead', hydrate(ctx, 'Lead', lead, { multiple: true }));
  const check = !body.skipDuplicateCheck;
  const duplicates: Rec[] = [];
  let skipSave = false;

  const step = (entity: 'Account' | 'Contact' | 'Opportunity', extra: Rec): Rec | null => {
    if (!(entity in records)) return null;
    const values = { ...(isObject(records[entity]) ? (records[entity] as Rec) : {}), ...extra };
    if (check)
      for (const d of findDuplicates(ctx, entity, { ...values })) {
        duplicates.push({ id: d.id, name: d.name ?? null, _entityType: entity });
        skipSave = true;
      }
    if (skipSave) return null;
    try {
      return createRecord(ctx, entity, values, user, { skipDuplicateCheck: true }).rec;
    } catch (e) {
      if (e instanceof HttpError && (e.status === 400 || e.status === 409)) throw internalError();
      throw e;
    }
  };

  const account = step('Account', {});
  const contact = step('Contact', account ? { accountId: account.id } : {});
  const selectedAccount =
    account ?? (contact?.accountId ? findRecord(ctx, 'Account', contact.accountId) : null);
  const opportunity = step('Opportunity', {
    ...(selectedAccount ? { accountId: selectedAccount.id } : {}),
    ...(contact ? { contactId: contact.id } : {}),
  });
  if (check && duplicates.length) throw new HttpError(409, 'duplicate', duplicates);
  if (opportunity && contact) relate(ctx, 'Contact', contact, 'opportunities', opportunity);

  const changes: Rec = {
    status: 'Converted',
    ...(account ? { createdAccountId: account.id } : {}),
    ...(contact ? { createdContactId: contact.id } : {}),
    ...(opportunity ? { createdOpportunityId: opportunity.id } : {}),
  };
  const wasConverted = lead.status === 'Converted';
  const now = ctx.now();
  Object.assign(lead, changes, { modifiedAt: now, modifiedById: user.id });
  if (!lead.convertedAt) lead.convertedAt = now;
  if (!wasConverted)
    ctx.stream.add(
      { type: 'Lead', id: String(lead.id) },
      { id: user.id, name: user.name ?? user.userName },
      now,
      'Status',
      {
        data: { field: 'status', value: 'Converted', style: 'success' },
      },
    );
  moveActivities(ctx, lead, account, contact, opportunity);
  return {
    ...loaded,
    ...changes,
    convertedAt: lead.convertedAt,
    modifiedAt: lead.modifiedAt,
    modifiedById: user.id,
  };
}

/** ConvertService::processLinks: the lead's calls and meetings follow the new records. */
function moveActivities(
  ctx: EspoContext,
  lead: Rec,
  account: Rec | null,
  contact: Rec | null,
  opp: Rec | null,
) {
  for (const [entity, link] of [
    ['Meeting', 'meetings'],
    ['Call', 'calls'],
  ] as const) {
    for (const { rec } of linked(ctx, 'Lead', lead, link)) {
      if (contact) relate(ctx, entity, rec, 'contacts', contact);
      const parent = opp ? ['Opportunity', opp] : account ? ['Account', account] : null;
      if (parent) {
        rec.parentType = parent[0];
        rec.parentId = (parent[1] as Rec).id;
      }
    }
  }
}

/**
 * `POST Lead/action/getConvertAttributes {id}` (ConvertService::getValues): for Account, Contact and
 * Opportunity, the lead's values of every field both entities have with the same type, plus
 * `entityDefs.Lead.convertFields` (accountName → Account.name, address → billingAddress,
 * opportunityAmount → Opportunity.amount, source → leadSource); audit attributes are left out.
 */
export function convertAttributes(ctx: EspoContext, body: Rec): Rec {
  if (!body.id) throw badRequest();
  const lead = findRecord(ctx, 'Lead', body.id);
  if (!lead) throw notFound();
  const h = hydrate(ctx, 'Lead', lead, { multiple: true });
  const leadDefs = ctx.meta.entityDefs.Lead!;
  const convertFields = (leadDefs.convertFields ?? {}) as Record<string, Record<string, string>>;
  const ignore = new Set([
    'createdAt',
    'modifiedAt',
    'modifiedById',
    'modifiedByName',
    'createdById',
    'createdByName',
  ]);
  const out: Rec = {};
  for (const target of (leadDefs.convertEntityList as string[] | undefined) ?? []) {
    const defs = ctx.meta.entityDefs[target];
    if (!defs) continue;
    const map: Record<string, string> = {};
    for (const field of Object.keys(leadDefs.fields))
      if (defs.fields[field] && defs.fields[field]!.type === leadDefs.fields[field]!.type) map[field] = field;
    Object.assign(map, convertFields[target] ?? {});
    const attrs: Rec = {};
    for (const [field, leadField] of Object.entries(map)) {
      const type = defs.fields[field]?.type;
      const leadType = leadDefs.fields[leadField]?.type;
      if (!type || defs.fields[field]!.notStorable) continue;
      if (type === 'linkMultiple') {
        attrs[`${field}Ids`] = h[`${leadField}Ids`] ?? null;
        attrs[`${field}Names`] = h[`${leadField}Names`] ?? null;
        attrs[`${field}Columns`] = h[`${leadField}Columns`] ?? null;
        continue;
      }
      const mine = attributesOf(field, type);
      const theirs = attributesOf(leadField, leadType ?? type);
      if (mine.length !== theirs.length) continue;
      mine.forEach((a, i) => {
        if (!ignore.has(a) && theirs[i]! in h) attrs[a] = h[theirs[i]!] ?? null;
      });
    }
    out[target] = attrs;
  }
  return out;
}

function attributesOf(field: string, type: string): string[] {
  switch (type) {
    case 'personName':
      return ['salutation', 'first', 'last', 'middle']
        .map((p) => `${p}${field.charAt(0).toUpperCase()}${field.slice(1)}`)
        .concat(field);
    case 'email':
    case 'phone':
      return [field, `${field}IsOptedOut`, `${field}IsInvalid`];
    case 'currency':
      return [field, `${field}Currency`];
    case 'link':
      return [`${field}Id`, `${field}Name`];
    case 'linkParent':
      return [`${field}Id`, `${field}Type`, `${field}Name`];
    case 'address':
      return [];
    default:
      return [field];
  }
}
