import type { CrmRecord } from '../../../crm/port.ts';
import { type RecordSummary, toSummary } from '../../entities/summary.ts';
import { resolveRecord, targetOfRef } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { accountFor } from '../accounts/account-for.ts';

type Failure = Extract<ToolOutcome, { ok: false }>;

export interface Parties {
  ok: true;
  account: RecordSummary | null;
  contact: RecordSummary | null;
  accountCreated: boolean;
}

/**
 * Who an opportunity is with. "pour Boulangerie Dupont" names an account; when no account has that
 * name but one contact has, it is that contact (and their account); otherwise the account is created,
 * as for a new contact. A contact named on its own brings its primary account along.
 */
export async function partiesOf(
  ctx: ToolContext,
  refs: { account?: string | undefined; contact?: string | undefined },
): Promise<Parties | Failure> {
  let account: RecordSummary | null = null;
  let contact: RecordSummary | null = null;
  let accountCreated = false;
  if (refs.contact?.trim()) {
    const c = await resolveRecord(ctx, 'Contact', targetOfRef(refs.contact));
    if (c.kind === 'none') return { ok: false, kind: 'not_found', what: refs.contact, entity: 'Contact' };
    if (c.kind === 'many')
      return { ok: false, kind: 'ambiguous', candidates: c.candidates, entity: 'Contact' };
    contact = c.record;
  }
  if (refs.account?.trim()) {
    const a = await accountFor(ctx, refs.account, false);
    if (a.ok) account = a.record;
    else if (a.kind !== 'not_found') return a;
    else {
      const asContact = contact ? null : await resolveRecord(ctx, 'Contact', targetOfRef(refs.account));
      if (asContact?.kind === 'one') contact = asContact.record;
      else {
        const made = await accountFor(ctx, refs.account, true);
        if (!made.ok) return made;
        account = made.record;
        accountCreated = made.created;
      }
    }
  }
  if (contact && !account) account = await primaryAccount(ctx, contact.id);
  return { ok: true, account, contact, accountCreated };
}

async function primaryAccount(ctx: ToolContext, contactId: string): Promise<RecordSummary | null> {
  const c: CrmRecord = await ctx.crm.get('Contact', contactId);
  if (typeof c.accountId !== 'string' || !c.accountId) return null;
  return toSummary('Account', await ctx.crm.get('Account', c.accountId));
}
