import { ENTITY_SPECS } from '../entities/specs.ts';

/**
 * What MAX knows about a business, as tenant_memory keys (one row per key, text values):
 *
 *   profile.<field>           the business profile; field ∈ PROFILE_FIELDS (sector, offer, customers,
 *                             tone, hours, location). One value per field: remembering it again replaces it.
 *   default.<Entity>.<field>  a value the create tools use when a command gives none
 *                             (default.Lead.source = "Web Site"): checked against the CRM's metadata.
 *   goal.<n>, pref.<n>,       goals, preferences and long-term notes, numbered from 1 (a new one takes
 *   note.<n>                  the highest number + 1; forgetting one does not renumber the others).
 *
 * Other keys (written by an operator, or by an older version) are shown and can be forgotten, never
 * created by the tools. The SQL side checks only the shape (see the tenant_memory migration).
 */
export const PROFILE_FIELDS = ['sector', 'offer', 'customers', 'tone', 'hours', 'location'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const LIST_KINDS = ['goal', 'pref', 'note'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export type MemoryKind = 'profile' | 'default' | ListKind;

export const profileKey = (field: ProfileField) => `profile.${field}`;

/** The currency an amount said without one is in ("we sell in euros"): its ISO code. */
export const CURRENCY_FIELD = 'Opportunity.amountCurrency';
export const CURRENCY_KEY = `default.${CURRENCY_FIELD}`;
export const defaultKey = (entity: string, field: string) => `default.${entity}.${field}`;

const NUMBERED = /^(goal|pref|note)\.([1-9]\d{0,3})$/;
const DEFAULT = /^default\.([A-Z][A-Za-z0-9]{0,40})\.([a-z][A-Za-z0-9]{0,40})$/;

export type ParsedKey =
  | { kind: 'profile'; field: ProfileField }
  | { kind: 'default'; entity: string; field: string }
  | { kind: ListKind; n: number }
  | { kind: 'other' };

export function parseKey(key: string): ParsedKey {
  if (key.startsWith('profile.')) {
    const field = key.slice(8) as ProfileField;
    if (PROFILE_FIELDS.includes(field)) return { kind: 'profile', field };
  }
  const d = DEFAULT.exec(key);
  if (d) return { kind: 'default', entity: d[1]!, field: d[2]! };
  const n = NUMBERED.exec(key);
  if (n) return { kind: n[1] as ListKind, n: Number(n[2]) };
  return { kind: 'other' };
}

/** The next free number of a list kind: one more than the highest in use. */
export function nextListKey(memory: Record<string, string>, kind: ListKind): string {
  let max = 0;
  for (const key of Object.keys(memory)) {
    const p = parseKey(key);
    if (p.kind === kind && 'n' in p) max = Math.max(max, p.n);
  }
  return `${kind}.${max + 1}`;
}

/** An EspoCRM entity MAX knows, whatever case it was typed in ("lead" → Lead). */
export function knownEntity(name: string): string | null {
  const lower = name.toLowerCase();
  return Object.keys(ENTITY_SPECS).find((e) => e.toLowerCase() === lower) ?? null;
}

const RANK: Record<ParsedKey['kind'], number> = {
  profile: 0,
  default: 1,
  goal: 2,
  pref: 3,
  note: 4,
  other: 5,
};

/** Profile first, then defaults, goals, preferences, notes (by number), then anything else. */
export function compareKeys(a: string, b: string): number {
  const pa = parseKey(a);
  const pb = parseKey(b);
  if (pa.kind !== pb.kind) return RANK[pa.kind] - RANK[pb.kind];
  if (pa.kind === 'profile' && pb.kind === 'profile')
    return PROFILE_FIELDS.indexOf(pa.field) - PROFILE_FIELDS.indexOf(pb.field);
  if ('n' in pa && 'n' in pb) return pa.n - pb.n;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const sortedEntries = (memory: Record<string, string>): Array<[string, string]> =>
  Object.entries(memory).sort(([a], [b]) => compareKeys(a, b));
