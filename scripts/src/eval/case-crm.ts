import {
  alignCrmLocale,
  type CrmClient,
  type CrmRecord,
  createEspoClient,
  silentLogger,
  systemClock,
} from '@max/core';
import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import type { EvalCase } from './corpus.ts';
import { impliedSeeds } from './implied-seeds.ts';
import { type CrmChange, type RecordView, recordKey } from './observation.ts';
import { seedAttrs } from './seed-values.ts';

/** Entities a command may write; each is compared before and after a case. */
const ENTITIES = [
  'Lead',
  'Contact',
  'Account',
  'Opportunity',
  'Task',
  'Call',
  'Meeting',
  'Note',
  'DiagnosticIA',
  'MissionMAX',
];
/** Attributes of a record that point at another one the scorer may need (a note's parent…). */
const POINTERS: Array<[string, string | null]> = [
  ['parentId', null],
  ['accountId', 'Account'],
  ['contactId', 'Contact'],
  ['leadId', 'Lead'],
];

export interface RealCrm {
  url: string;
  apiKey: string;
  admin: { username: string; password: string } | null;
}

/** The CRM one case runs against: its own stand-in, or the real one (used by one case at a time). */
export interface CaseCrm {
  url: string;
  apiKey: string;
  admin: { username: string; password: string } | null;
  client: CrmClient;
  real: boolean;
  stop(): Promise<void>;
}

type Snapshot = Map<string, { total: number; rows: Map<string, { modifiedAt: string; createdAt: string }> }>;

function clientFor(url: string, apiKey: string, admin: RealCrm['admin']): CrmClient {
  return createEspoClient({
    baseUrl: url,
    auth: { kind: 'apikey', apiKey },
    ...(admin ? { adminAuth: { kind: 'basic' as const, ...admin } } : {}),
    fetch,
    clock: systemClock,
    logger: silentLogger,
    timeoutMs: 15_000,
    defaultCountry: 'FR',
  });
}

/**
 * A case's CRM. A stand-in is EspoCRM as infra/scaleway-espocrm installs it, set to the tenant's
 * locale as onboarding does (EUR, the case's time zone, fr_FR); a real CRM is used as it is.
 */
export async function caseCrm(c: EvalCase, real: RealCrm | null): Promise<CaseCrm> {
  if (real) {
    const client = clientFor(real.url, real.apiKey, real.admin);
    return { ...real, client, real: true, stop: async () => {} };
  }
  const espo: EspoStandIn = await startEspoStandIn({ port: 0, customizations: 'infra' });
  const admin = { username: espo.credentials.adminUser, password: espo.credentials.adminPassword };
  const client = clientFor(espo.url, espo.apiKey, admin);
  const tenant = {
    crmMode: 'dedicated' as const,
    defaultCountry: 'FR',
    locale: 'fr' as const,
    timezone: c.tz ?? 'Europe/Paris',
  };
  await alignCrmLocale(client, tenant, { apply: true });
  return { url: espo.url, apiKey: espo.apiKey, admin, client, real: false, stop: espo.stop };
}

/** Activities need an assigned user in EspoCRM 8.4 (the API user, as MAX assigns them). */
const ASSIGNED = new Set(['Task', 'Call', 'Meeting']);

/**
 * The case's seed records, created through the API user; their ids in order. Relative dates
 * ("@today+1 10:00") become the run's dates; a seed may point at an earlier one with "@seed0"…
 */
export async function seedCase(
  crm: CaseCrm,
  c: EvalCase,
  runToday: string,
  timeZone: string,
): Promise<Array<{ entity: string; id: string }>> {
  const out: Array<{ entity: string; id: string }> = [];
  for (const s of [...c.seed, ...impliedSeeds(c)]) {
    const attrs = seedAttrs(s.attrs, runToday, timeZone);
    for (const [k, v] of Object.entries(attrs)) {
      const ref = typeof v === 'string' ? /^@seed(\d+)$/.exec(v) : null;
      if (ref) attrs[k] = out[Number(ref[1])]?.id ?? null;
    }
    if (ASSIGNED.has(s.entity) && !attrs.assignedUserId)
      attrs.assignedUserId = await crm.client.currentUserId();
    const res = await crm.client.create(s.entity, attrs, { skipDuplicateCheck: true });
    out.push({ entity: s.entity, id: res.record.id });
  }
  return out;
}

/** The most recently modified records of each entity and the totals (an entity the install lacks is skipped). */
export async function snapshot(crm: CaseCrm): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const entity of ENTITIES) {
    try {
      const res = await crm.client.list(entity, {
        // EspoCRM writes stream notes of its own (Create, Update, Status…) for every change: only
        // posts are notes someone wrote.
        ...(entity === 'Note'
          ? { where: [{ type: 'equals' as const, attribute: 'type', value: 'Post' }] }
          : {}),
        select: ['id', 'modifiedAt', 'createdAt'],
        orderBy: 'modifiedAt',
        order: 'desc',
        maxSize: 50,
      });
      const rows = new Map(
        res.list.map((r) => [
          r.id,
          { modifiedAt: String(r.modifiedAt ?? ''), createdAt: String(r.createdAt ?? '') },
        ]),
      );
      out.set(entity, { total: res.total, rows });
    } catch {
      // Not this install's entity, or not the API user's to list.
    }
  }
  return out;
}

/** Records created, changed or removed between two snapshots. */
export function diff(before: Snapshot, after: Snapshot): CrmChange[] {
  const out: CrmChange[] = [];
  for (const [entity, now] of after) {
    const was = before.get(entity);
    // A record not among the latest before: new if made after them, else an older one changed now.
    const latest = [...(was?.rows.values() ?? [])].reduce(
      (m, r) => (r.modifiedAt > m ? r.modifiedAt : m),
      '',
    );
    for (const [id, r] of now.rows) {
      const old = was?.rows.get(id);
      if (!old) out.push({ entity, id, kind: r.createdAt >= latest ? 'created' : 'updated' });
      else if (old.modifiedAt !== r.modifiedAt) out.push({ entity, id, kind: 'updated' });
    }
    if (was && now.total < was.total)
      for (const id of was.rows.keys()) if (!now.rows.has(id)) out.push({ entity, id, kind: 'deleted' });
  }
  return out;
}

/** The records the scorer looks at: the changed ones, the seeds, and what those point at. */
export async function readRecords(
  crm: CaseCrm,
  ids: Array<{ entity: string; id: string }>,
): Promise<Map<string, RecordView>> {
  const out = new Map<string, RecordView>();
  const queue = [...ids];
  while (queue.length) {
    const { entity, id } = queue.shift()!;
    const key = recordKey(entity, id);
    if (out.has(key)) continue;
    let rec: CrmRecord;
    try {
      rec = await crm.client.get(entity, id);
    } catch {
      continue; // deleted: the outcome's summary stands for it
    }
    out.set(key, { entity, id, attrs: rec });
    if (out.size > 40) break;
    for (const [attr, target] of POINTERS) {
      const to = rec[attr];
      const type = target ?? (attr === 'parentId' ? rec.parentType : null);
      if (typeof to === 'string' && to && typeof type === 'string') queue.push({ entity: type, id: to });
    }
  }
  return out;
}

/** A real CRM is left as it was found: what the case created (seeds included) is deleted. */
export async function cleanUp(crm: CaseCrm, created: Array<{ entity: string; id: string }>): Promise<void> {
  if (!crm.real) return;
  for (const r of [...created].reverse()) await crm.client.delete(r.entity, r.id).catch(() => {});
}
