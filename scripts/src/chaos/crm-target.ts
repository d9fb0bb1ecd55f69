import type { FaultLayer } from '@max/sandbox';
import type { Stack } from '../stack/start-stack.ts';

/** The entities whose records the fault suite counts, and the field it reads of each. */
const COUNTED = { Lead: 'emailAddress', Note: 'post', Task: 'name' } as const;
export type CountedEntity = keyof typeof COUNTED;

/**
 * The CRM a fault run talks to: the EspoCRM stand-in (its own fault layer, its state read
 * directly) or a real EspoCRM behind the stack's HTTP fault proxy (read through its REST API).
 * Tenants are pointed at `url`, so every request of the agent passes the faults.
 */
export interface ChaosCrm {
  url: string;
  apiKey: string;
  faults: FaultLayer;
  /** The counted field of every record of the entity (lower-cased), as the CRM holds them now. */
  values(entity: CountedEntity): Promise<string[]>;
}

const lower = (v: unknown) => String(v ?? '').toLowerCase();

export function chaosCrm(stack: Stack): ChaosCrm {
  const stand = stack.standIns.espo;
  if (stand)
    return {
      url: stand.url,
      apiKey: stand.apiKey,
      faults: stand.faults,
      values: async (entity) => stand.state.records(entity).map((r) => lower(r[COUNTED[entity]])),
    };
  const proxy = stack.crmProxy;
  const apiKey = process.env.ESPO_API_KEY;
  if (!proxy || !apiKey)
    throw new Error(
      'the fault suite needs the EspoCRM stand-in, or ESPO_URL + ESPO_API_KEY behind the fault proxy',
    );
  const direct = stack.urls.espo;
  return {
    url: proxy.url,
    apiKey,
    faults: proxy.faults,
    // Straight to EspoCRM, never through the proxy: counting must not be faulted.
    async values(entity) {
      const out: string[] = [];
      for (let offset = 0; ; offset += 200) {
        const field = COUNTED[entity];
        const res = await fetch(`${direct}/api/v1/${entity}?select=${field}&maxSize=200&offset=${offset}`, {
          headers: { 'x-api-key': apiKey },
          signal: AbortSignal.timeout(15_000),
        });
        if (!res.ok) throw new Error(`listing ${entity} in EspoCRM: HTTP ${res.status}`);
        const page = (await res.json()) as { list: Array<Record<string, unknown>> };
        out.push(...page.list.map((r) => lower(r[field])));
        if (page.list.length < 200) return out;
      }
    },
  };
}
