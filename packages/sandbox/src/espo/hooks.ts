/**
 * What EspoCRM 8.4.2 does by itself when records are saved or related (Crm/Hooks/*, Crm/Classes/RecordHooks/*,
 * Core/Repositories/Event.php). Each block names the class it reproduces.
 */
import type { EspoUser } from './auth.ts';
import { type EspoContext, findRecord } from './context.ts';
import { addDays, zonedToUtc } from './dates.ts';
import { STAGE_PROBABILITY } from './defs/options.ts';
import { linked, relate, unrelate } from './links.ts';
import type { Rec } from './records.ts';

const changed = (rec: Rec, fetched: Rec | null, attr: string) =>
  fetched === null ? rec[attr] !== undefined && rec[attr] !== null : rec[attr] !== fetched[attr];

function probabilityOf(ctx: EspoContext, stage: unknown): number {
  const map = (ctx.meta.entityDefs.Opportunity?.fields.stage?.probabilityMap ?? STAGE_PROBABILITY) as Record<
    string,
    number
  >;
  return map[String(stage)] ?? 0;
}

/** Runs before a record is stored. `fetched` is the stored record before the change (null on create). */
export function beforeSave(ctx: EspoContext, entity: string, rec: Rec, fetched: Rec | null, data: Rec): void {
  const now = ctx.now();
  if (entity === 'Lead' && changed(rec, fetched, 'status') && !rec.convertedAt && rec.status === 'Converted')
    rec.convertedAt = now; // Hooks/Lead/ConvertedAt
  if (entity === 'Opportunity') opportunity(ctx, rec, fetched, data);
  if (entity === 'Call' || entity === 'Meeting' || entity === 'Task') event(ctx, entity, rec, fetched);
  if (entity === 'Task' && changed(rec, fetched, 'status'))
    rec.dateCompleted = rec.status === 'Completed' ? now : null; // Hooks/Task/DateCompleted
}

function opportunity(ctx: EspoContext, rec: Rec, fetched: Rec | null, data: Rec): void {
  if (fetched === null) {
    // Hooks/Opportunity/Probability: a new opportunity without probability takes its stage's.
    if ((rec.probability === undefined || rec.probability === null) && rec.stage)
      rec.probability = probabilityOf(ctx, rec.stage);
  } else if (!('probability' in data) || rec.probability === null) {
    // RecordHooks/Opportunity/BeforeUpdate: any API update not writing probability resets it from the stage.
    rec.probability = probabilityOf(ctx, rec.stage);
  }
  // Hooks/Opportunity/LastStage.
  if ('lastStage' in data || !changed(rec, fetched, 'stage')) return;
  if (probabilityOf(ctx, rec.stage)) {
    rec.lastStage = rec.stage;
    return;
  }
  const open = Object.entries(STAGE_PROBABILITY).filter(([, p]) => p !== 0 && p !== 100);
  if (fetched === null) rec.lastStage = open.sort((a, b) => a[1] - b[1])[0]?.[0] ?? null;
  else if (rec.lastStage && probabilityOf(ctx, rec.lastStage) === 100)
    rec.lastStage = open.sort((a, b) => b[1] - a[1])[0]?.[0] ?? rec.lastStage;
}

function event(ctx: EspoContext, entity: string, rec: Rec, fetched: Rec | null): void {
  const tz = ctx.settings.timeZone;
  // Core/Repositories/Event::beforeSave: all-day dates become UTC date-times (the end is exclusive).
  if ('dateStartDate' in rec) {
    if (rec.dateStartDate) rec.dateStart = zonedToUtc(String(rec.dateStartDate), tz);
    else rec.dateStartDate = null;
  }
  if ('dateEndDate' in rec) {
    if (rec.dateEndDate) rec.dateEnd = zonedToUtc(addDays(String(rec.dateEndDate), 1), tz);
    else rec.dateEndDate = null;
  }
  if (!changed(rec, fetched, 'parentId') && !changed(rec, fetched, 'parentType')) return;
  // Hooks/Meeting/ParentLink (Call, Meeting) and Hooks/Task/ParentLink: the account (and contact) of the parent.
  const parent =
    rec.parentId && rec.parentType ? findRecord(ctx, String(rec.parentType), rec.parentId) : undefined;
  let accountId: unknown = null;
  let contactId: unknown = null;
  if (parent) {
    if (rec.parentType === 'Account') accountId = parent.id;
    else if (rec.parentType === 'Lead' && parent.status === 'Converted') {
      accountId = parent.createdAccountId ?? null;
      contactId = parent.createdContactId ?? null;
    } else if (rec.parentType === 'Contact') contactId = parent.id;
    if (!accountId && parent.accountId && rec.parentType !== 'Lead') accountId = parent.accountId;
    if (!contactId && parent.contactId && rec.parentType === 'Opportunity') contactId = parent.contactId;
  }
  if (entity === 'Task') {
    rec.accountId = accountId;
    rec.contactId = contactId;
  } else {
    if (fetched !== null) rec.accountId = null;
    if (accountId) rec.accountId = accountId;
  }
}

/** Runs after a record is stored (relations need its id). */
export function afterSave(
  ctx: EspoContext,
  entity: string,
  rec: Rec,
  fetched: Rec | null,
  data: Rec,
  user: EspoUser,
): void {
  if (entity === 'Contact') contactAccounts(ctx, rec, fetched, data);
  if (entity === 'Opportunity' && changed(rec, fetched, 'contactId')) {
    // Hooks/Opportunity/Contacts: the primary contact is also one of the contacts.
    const contact = findRecord(ctx, 'Contact', rec.contactId);
    if (contact) relate(ctx, 'Opportunity', rec, 'contacts', contact);
    else if (fetched?.contactId) {
      const old = findRecord(ctx, 'Contact', fetched.contactId);
      if (old) unrelate(ctx, 'Opportunity', rec, 'contacts', old);
    }
  }
  if ((entity === 'Call' || entity === 'Meeting') && rec.assignedUserId) {
    // Hooks/Meeting/Users: the assigned user attends; the creator's own attendance is Accepted.
    const assignee = findRecord(ctx, 'User', rec.assignedUserId);
    if (assignee) relate(ctx, entity, rec, 'users', assignee);
    if (fetched === null) {
      const me = linked(ctx, entity, rec, 'users').find((l) => l.rec.id === user.id);
      if (me && (!me.columns.status || me.columns.status === 'None'))
        relate(ctx, entity, rec, 'users', me.rec, { status: 'Accepted' });
    }
  }
}

/** Hooks/Contact/Accounts: accountId keeps the account–contact middle row, its role is the contact's title. */
function contactAccounts(ctx: EspoContext, rec: Rec, fetched: Rec | null, data: Rec): void {
  const before = fetched?.accountId ?? null;
  if (!rec.accountId && before) {
    const old = findRecord(ctx, 'Account', before);
    if (old) unrelate(ctx, 'Contact', rec, 'accounts', old);
    return;
  }
  const accountChanged = rec.accountId !== before;
  if (!rec.accountId || (!accountChanged && !('title' in data))) return;
  const account = findRecord(ctx, 'Account', rec.accountId);
  if (!account) return;
  const rows = linked(ctx, 'Contact', rec, 'accounts');
  const row = rows.find((l) => l.rec.id === account.id);
  // The title is what was sent, else the role the contact had in its previous primary account.
  const role =
    'title' in data ? (data.title ?? null) : (rows.find((l) => l.rec.id === before)?.columns.role ?? null);
  if (!row && accountChanged) relate(ctx, 'Contact', rec, 'accounts', account, { role });
  else if (row && 'title' in data) relate(ctx, 'Contact', rec, 'accounts', account, { role });
}

/** Hooks/Account/Contacts and Hooks/Contact/Opportunities: relating fills an empty primary link. */
export function afterRelate(entity: string, link: string, rec: Rec, foreign: Rec): void {
  if (entity === 'Account' && link === 'contacts' && !foreign.accountId) foreign.accountId = rec.id;
  if (entity === 'Contact' && link === 'opportunities' && !foreign.contactId) foreign.contactId = rec.id;
}

export function afterUnrelate(entity: string, link: string, rec: Rec, foreign: Rec): void {
  if (entity === 'Account' && link === 'contacts' && foreign.accountId === rec.id) foreign.accountId = null;
  if (entity === 'Contact' && link === 'opportunities' && foreign.contactId === rec.id)
    foreign.contactId = null;
}
