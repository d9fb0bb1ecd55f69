import type { ToolContext } from '../../types.ts';

export type LinkEntity = 'Contact' | 'Account' | 'Opportunity';

/** How two records are related or parted, as EspoCRM itself does it for that pair. */
export interface Relation {
  from: LinkEntity;
  to: LinkEntity;
  link(ctx: ToolContext, fromId: string, toId: string): Promise<void>;
  /** False when the two were not related (nothing to undo). */
  unlink(ctx: ToolContext, fromId: string, toId: string): Promise<boolean>;
}

/** Parts two records only when `link` of the first lists the second (false: nothing to undo). */
async function unlinkWhenLinked(
  ctx: ToolContext,
  side: { entity: LinkEntity; id: string; link: string; other: string },
  unlink: () => Promise<unknown>,
): Promise<boolean> {
  const linked = await ctx.crm.list(side.entity, {
    where: [
      { type: 'equals', attribute: 'id', value: side.id },
      { type: 'linkedWith', attribute: side.link, value: [side.other] },
    ],
    select: ['id'],
    maxSize: 1,
  });
  if (!linked.list.length) return false;
  await unlink();
  return true;
}

export const RELATIONS: Relation[] = [
  {
    // Contact ↔ Account: related from the account's side (its Contacts panel), where EspoCRM's hook
    // (Crm/Hooks/Account/Contacts) fills the contact's empty accountId, its primary account, and
    // clears it when that account is unlinked. From the contact's side no hook runs.
    from: 'Contact',
    to: 'Account',
    link: (ctx, c, a) => ctx.crm.link('Account', a, 'contacts', c, 'Contact'),
    unlink: (ctx, c, a) =>
      unlinkWhenLinked(ctx, { entity: 'Contact', id: c, link: 'accounts', other: a }, () =>
        ctx.crm.unlink('Account', a, 'contacts', c, 'Contact'),
      ),
  },
  {
    // Opportunity → Account is a belongsTo (one account): set by its accountId, as the UI does.
    from: 'Opportunity',
    to: 'Account',
    async link(ctx, o, a) {
      await ctx.crm.get('Account', a); // the tenant's own (shared mode: another's is not found)
      await ctx.crm.update('Opportunity', o, { accountId: a });
    },
    async unlink(ctx, o, a) {
      const opp = await ctx.crm.get('Opportunity', o);
      if (opp.accountId !== a) return false;
      await ctx.crm.update('Opportunity', o, { accountId: null });
      return true;
    },
  },
  {
    // Opportunity ↔ Contact: the contacts relationship (EspoCRM keeps the primary contactId in step).
    from: 'Opportunity',
    to: 'Contact',
    link: (ctx, o, c) => ctx.crm.link('Opportunity', o, 'contacts', c, 'Contact'),
    unlink: (ctx, o, c) =>
      unlinkWhenLinked(ctx, { entity: 'Opportunity', id: o, link: 'contacts', other: c }, () =>
        ctx.crm.unlink('Opportunity', o, 'contacts', c, 'Contact'),
      ),
  },
];

/** The relation between two entities, in either order (`swapped` when given the other way round). */
export function relationOf(a: LinkEntity, b: LinkEntity): { relation: Relation; swapped: boolean } | null {
  const direct = RELATIONS.find((r) => r.from === a && r.to === b);
  if (direct) return { relation: direct, swapped: false };
  const reverse = RELATIONS.find((r) => r.from === b && r.to === a);
  return reverse ? { relation: reverse, swapped: true } : null;
}

/** Which entities an end named without one can be: a person first, then a deal, then a company. */
export const FROM_GUESSES: LinkEntity[] = ['Contact', 'Opportunity', 'Account'];
export const TO_GUESSES: Record<LinkEntity, LinkEntity[]> = {
  Contact: ['Account', 'Opportunity'],
  Opportunity: ['Account', 'Contact'],
  Account: ['Contact', 'Opportunity'],
};
