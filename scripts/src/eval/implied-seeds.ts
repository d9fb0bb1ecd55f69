import type { EvalCase } from './corpus.ts';

type Seed = EvalCase['seed'][number];

/** Which entity each record-naming argument of a tool is about (`entity` / `recordType`… when given). */
const NAMED: Record<string, Record<string, (a: Record<string, unknown>) => string>> = {
  update_lead: { target: () => 'Lead' },
  change_status: { target: () => 'Lead' },
  delete_lead: { target: () => 'Lead' },
  convert_lead: { target: () => 'Lead' },
  add_note: { target: (a) => String(a.entity ?? 'Lead') },
  create_task: { target: (a) => String(a.entity ?? 'Lead') },
  log_call: { target: (a) => String(a.entity ?? 'Lead') },
  schedule_meeting: { target: (a) => String(a.entity ?? 'Lead') },
  list_activities: { target: () => 'Lead' },
  complete_task: { target: () => 'Task' },
  update_contact: { target: () => 'Contact' },
  update_account: { target: () => 'Account' },
  update_opportunity: { target: () => 'Opportunity' },
  update_record: { target: (a) => String(a.entity ?? 'Lead') },
  find_leads: { query: () => 'Lead' },
  find_contacts: { query: () => 'Contact', account: () => 'Account' },
  find_accounts: { query: () => 'Account' },
  find_opportunities: { query: () => 'Opportunity', account: () => 'Account' },
  create_opportunity: { account: () => 'Account', contact: () => 'Contact' },
  link_records: {
    record: (a) => String(a.recordType ?? 'Contact'),
    to: (a) => String(a.toType ?? 'Account'),
  },
  create_custom_record: { for: (a) => String(a.owner ?? 'Account') },
};

const PERSON = new Set(['Lead', 'Contact']);

/** The attributes of a record named by a string or a {name|emailAddress|phoneNumber} object. */
function attrsFor(entity: string, ref: unknown): Record<string, unknown> | null {
  const r = typeof ref === 'string' ? { name: ref } : (ref as Record<string, unknown> | null);
  if (!r || typeof r !== 'object') return null;
  const name = typeof r.name === 'string' ? r.name.trim() : '';
  const email = typeof r.emailAddress === 'string' ? r.emailAddress : undefined;
  const phone = typeof r.phoneNumber === 'string' ? r.phoneNumber : undefined;
  if (!name && !email && !phone) return null;
  const extra = { ...(email ? { emailAddress: email } : {}), ...(phone ? { phoneNumber: phone } : {}) };
  if (PERSON.has(entity)) {
    const [first, ...rest] = (name || (email?.split('@')[0] ?? 'Contact')).split(/\s+/);
    return rest.length
      ? { firstName: first, lastName: rest.join(' '), ...extra }
      : { lastName: first, ...extra };
  }
  const label = name || email || phone || '';
  if (entity === 'Opportunity') return { name: label, amount: 1000, closeDate: '@today+30' };
  if (entity === 'Task') return { name: label, status: 'Not Started', dateEnd: '@today 18:00' };
  return { name: label, ...extra };
}

/**
 * The records a case's expected call names, created when the case says nothing of what exists
 * (no `seed` at all, no earlier messages): "note pour Léa Roux : …" needs a Léa Roux to note on.
 * An explicit `seed`, even empty, is taken as the whole world.
 */
export function impliedSeeds(c: EvalCase & { seedGiven?: boolean }): Seed[] {
  if (c.seedGiven || c.before.length || !('tool' in c.expect)) return [];
  const named = NAMED[c.expect.tool] ?? {};
  const out: Seed[] = [];
  for (const [arg, entityOf] of Object.entries(named)) {
    const attrs = attrsFor(entityOf(c.expect.args), c.expect.args[arg]);
    if (attrs) out.push({ entity: entityOf(c.expect.args), attrs });
  }
  return out;
}
