import { checkPhone } from '../../../crm/phone.ts';
import type { CrmRecord } from '../../../crm/port.ts';
import { closeNames, plainName } from './close-names.ts';

export type DuplicateReason = 'email' | 'phone' | 'name';

export interface DuplicateGroup {
  entity: string;
  reasons: DuplicateReason[];
  /** Oldest first: the first one is the record to keep by default. */
  records: CrmRecord[];
}

/** Records of one account compared pairwise at most (bounded work on a huge account). */
const MAX_PER_ACCOUNT = 300;

const personName = (r: CrmRecord) =>
  (typeof r.name === 'string' && r.name) ||
  [r.firstName, r.lastName].filter((x) => typeof x === 'string' && x).join(' ');

/** A phone as EspoCRM stores it (E.164 in the tenant's country); the digits when it is not valid. */
function phoneKey(value: unknown, region: string | null): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const checked = checkPhone(value, region);
  if (checked.ok) return checked.e164;
  const digits = value.replace(/\D/g, '');
  return digits.length >= 6 ? digits : null;
}

const emailKey = (value: unknown) =>
  typeof value === 'string' && value.includes('@') ? value.trim().toLowerCase() : null;

/** The account a person belongs to: its id (contacts), else its company name (leads). */
function accountKey(r: CrmRecord): string | null {
  if (typeof r.accountId === 'string' && r.accountId) return `id:${r.accountId}`;
  if (typeof r.accountName === 'string' && plainName(r.accountName))
    return `name:${plainName(r.accountName)}`;
  return null;
}

/**
 * Likely duplicates among one entity's records: the same e-mail, the same phone (compared in
 * E.164), or close names (close-names.ts) within one account. Records linked by any of these form
 * one group, whatever the chain ("A has B's e-mail, B has C's phone").
 */
export function duplicateGroups(
  entity: string,
  records: CrmRecord[],
  region: string | null,
): DuplicateGroup[] {
  const parent = records.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const reasons = new Map<number, Set<DuplicateReason>>();
  const join = (a: number, b: number, why: DuplicateReason) => {
    const ra = find(a);
    const rb = find(b);
    const merged = new Set([...(reasons.get(ra) ?? []), ...(reasons.get(rb) ?? []), why]);
    if (ra !== rb) {
      parent[rb] = ra;
      reasons.delete(rb);
    }
    reasons.set(ra, merged);
  };
  const byKey = (key: (r: CrmRecord) => string | null, why: DuplicateReason) => {
    const first = new Map<string, number>();
    records.forEach((r, i) => {
      const k = key(r);
      if (!k) return;
      const seen = first.get(k);
      if (seen === undefined) first.set(k, i);
      else join(seen, i, why);
    });
  };
  byKey((r) => emailKey(r.emailAddress), 'email');
  byKey((r) => phoneKey(r.phoneNumber, region), 'phone');
  const accounts = new Map<string, number[]>();
  records.forEach((r, i) => {
    const k = accountKey(r);
    if (k) accounts.set(k, [...(accounts.get(k) ?? []), i]);
  });
  for (const members of accounts.values()) {
    const some = members.slice(0, MAX_PER_ACCOUNT);
    for (let x = 0; x < some.length; x++)
      for (let y = x + 1; y < some.length; y++)
        if (closeNames(personName(records[some[x]!]!), personName(records[some[y]!]!)))
          join(some[x]!, some[y]!, 'name');
  }
  const groups = new Map<number, number[]>();
  records.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  const order: DuplicateReason[] = ['email', 'phone', 'name'];
  return [...groups.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([root, members]) => ({
      entity,
      reasons: order.filter((r) => reasons.get(root)?.has(r)),
      records: members
        .map((i) => records[i]!)
        .sort((a, b) => String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? ''))),
    }));
}
