import { espoDateTime } from '../../crm/espo/where.ts';
import type { WhereClause } from '../../crm/port.ts';
import type { ToolContext } from '../types.ts';
import { CONSENT, CONSENT_FIELD, chatIdOfPhone } from './consent.ts';

/** At most this many people per bulk follow-up (the daily cap paces them anyway). */
export const FOLLOWUP_MAX = 200;

export interface FollowupTarget {
  id: string;
  name: string;
  firstName: string;
}

/**
 * The leads a follow-up is for: in the status said (any when none), not modified for `idleDays`
 * days (EspoCRM's modifiedAt: no change, note or status since), with recorded WhatsApp consent and
 * a valid phone. Those without consent are counted apart (the preview says how many were left out).
 */
export async function followupTargets(
  ctx: ToolContext,
  a: { status?: string | undefined; idleDays: number },
): Promise<{ targets: FollowupTarget[]; withoutConsent: number }> {
  const before = new Date(ctx.clock.now().getTime() - a.idleDays * 86_400_000);
  const where: WhereClause[] = [{ type: 'lessThan', attribute: 'modifiedAt', value: espoDateTime(before) }];
  if (a.status) where.push({ type: 'equals', attribute: 'status', value: a.status });
  const all = await ctx.crm.listAll(
    'Lead',
    {
      where,
      select: ['id', 'name', 'firstName', 'phoneNumber', CONSENT_FIELD],
      orderBy: 'modifiedAt',
      order: 'asc',
    },
    FOLLOWUP_MAX * 5,
  );
  const targets: FollowupTarget[] = [];
  let withoutConsent = 0;
  for (const r of all) {
    if (r[CONSENT_FIELD] !== CONSENT.granted || !chatIdOfPhone(r.phoneNumber, ctx.tenant.defaultCountry)) {
      withoutConsent++;
      continue;
    }
    if (targets.length < FOLLOWUP_MAX)
      targets.push({
        id: r.id,
        name: String(r.name ?? r.id),
        firstName: String(r.firstName || r.name || r.id),
      });
  }
  return { targets, withoutConsent };
}
