/**
 * How a recorded EspoCRM answer is compared with a live one: same keys, same value types, the same
 * values where they do not depend on ids or time. Ids are learned as they first appear (recorded
 * id → live id) so later files that name them (paths, bodies) are rewritten to the live ones.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const ID = /^[0-9a-f]{17}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
// App/user carries the whole ACL/settings/preferences of the install: only their type is compared.
const LOOSE_TOP_KEYS = new Set(['acl', 'preferences', 'settings', 'appParams']);

/** Recorded values (ids, URLs) → their live counterparts, for one replay. */
export class Substitutions {
  readonly map = new Map<string, string>();
  set(from: string, to: string): void {
    this.map.set(from, to);
  }
  /** Every recorded value in `s` replaced by its live one. */
  apply(s: string): string {
    let out = s;
    for (const [from, to] of this.map) out = out.split(from).join(to);
    return out;
  }
}

/** Walks recorded and actual bodies together; learns id mappings and collects differences. */
export function compare(
  subst: Substitutions,
  rec: Json,
  act: unknown,
  path: string,
  diffs: string[],
  loose: boolean,
): void {
  const map = subst.map;
  if (rec === null) {
    if (act !== null) diffs.push(`${path}: expected null, got ${JSON.stringify(act)?.slice(0, 80)}`);
    return;
  }
  if (Array.isArray(rec)) {
    if (!Array.isArray(act)) return void diffs.push(`${path}: expected array`);
    if (rec.length !== act.length) diffs.push(`${path}: expected ${rec.length} items, got ${act.length}`);
    rec.forEach((r, i) => {
      if (i < act.length) compare(subst, r, act[i], `${path}[${i}]`, diffs, loose);
    });
    return;
  }
  if (typeof rec === 'object') {
    if (typeof act !== 'object' || act === null || Array.isArray(act))
      return void diffs.push(`${path}: expected object, got ${JSON.stringify(act)?.slice(0, 80)}`);
    const a = act as Record<string, unknown>;
    const recKeys = Object.keys(rec);
    // Keys that are ids (rolesNames, followersNames) are matched through the id mapping.
    const keyOf = (k: string) => (ID.test(k) ? (map.get(k) ?? null) : k);
    if (recKeys.some((k) => ID.test(k) && !map.has(k))) {
      const unknown = recKeys.filter((k) => ID.test(k) && !map.has(k));
      const extra = Object.keys(a).filter((k) => ID.test(k) && ![...map.values()].includes(k));
      unknown.forEach((k, i) => {
        if (extra[i]) map.set(k, extra[i]!);
      });
    }
    const expected = recKeys.map((k) => keyOf(k) ?? k);
    const missing = expected.filter((k) => !(k in a));
    const extra = Object.keys(a).filter((k) => !expected.includes(k));
    if (missing.length) diffs.push(`${path}: missing keys ${missing.join(',')}`);
    if (extra.length) diffs.push(`${path}: unexpected keys ${extra.join(',')}`);
    for (const k of recKeys) {
      const ak = keyOf(k) ?? k;
      if (!(ak in a)) continue;
      if (path === '$' && LOOSE_TOP_KEYS.has(k) && loose) {
        if (typeof a[ak] !== typeof rec[k]) diffs.push(`$.${k}: type differs`);
        continue;
      }
      compare(subst, rec[k]!, a[ak], `${path}.${k}`, diffs, loose);
    }
    return;
  }
  if (typeof rec === 'string') {
    if (typeof act !== 'string') return void diffs.push(`${path}: expected string, got ${typeof act}`);
    if (rec.startsWith('<redacted')) return;
    if (ID.test(rec)) {
      const known = map.get(rec);
      if (known === undefined) {
        if (ID.test(act)) map.set(rec, act);
        else diffs.push(`${path}: expected an id, got ${act}`);
      } else if (known !== act) diffs.push(`${path}: expected id ${known}, got ${act}`);
      return;
    }
    if (DATETIME.test(rec)) {
      // Timestamps differ; dates the caller sent (Task.dateEnd) must come back as sent.
      if (!DATETIME.test(act)) diffs.push(`${path}: expected a date-time, got ${act}`);
      return;
    }
    if (subst.apply(rec) !== act)
      diffs.push(`${path}: expected ${JSON.stringify(subst.apply(rec))}, got ${JSON.stringify(act)}`);
    return;
  }
  if (rec !== act) diffs.push(`${path}: expected ${JSON.stringify(rec)}, got ${JSON.stringify(act)}`);
}
