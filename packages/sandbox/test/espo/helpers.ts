import {
  ESPO_DEMO_CREDENTIALS as C,
  type EspoStandInOptions,
  startEspoStandIn,
} from '../../src/espo/index.ts';

export interface Answer<T = unknown> {
  status: number;
  /** X-Status-Reason, null when absent. */
  reason: string | null;
  body: T;
}

/**
 * Where these suites run: the stand-in (always, in `npm test`), or with ESPO_SUITES_TARGET=real a
 * real EspoCRM 8.4.2 with infra's metadata (ESPO_URL, ESPO_API_KEY, ESPO_ADMIN_USERNAME,
 * ESPO_ADMIN_PASSWORD; a fresh install per file, as CI starts them): the same assertions hold on
 * both, so a stand-in that drifts from EspoCRM fails CI.
 */
export const AGAINST_REAL = process.env.ESPO_SUITES_TARGET === 'real';

interface Target {
  url: string;
  apiKey: string;
  admin: string;
  stop(): Promise<void>;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Settings of the real install changed for a suite (as admin), put back by `stop`. */
async function realTarget(opts: EspoStandInOptions): Promise<Target> {
  const env = process.env;
  const url = env.ESPO_URL ?? '';
  const admin = `${env.ESPO_ADMIN_USERNAME}:${env.ESPO_ADMIN_PASSWORD}`;
  const settings = (method: 'GET' | 'PUT', body?: unknown) =>
    fetch(`${url}/api/v1/Settings`, {
      method,
      headers: { 'Espo-Authorization': b64(admin), 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).then(async (r) => {
      if (!r.ok) throw new Error(`Settings ${method}: ${r.status} ${r.headers.get('x-status-reason')}`);
      return (await r.json()) as Record<string, unknown>;
    });
  // The stand-in's defaults (a fresh 8.4.2: USD only, UTC, en_US), whatever the install was set to.
  const wanted: Record<string, unknown> = {
    currencyList: ['USD'],
    defaultCurrency: 'USD',
    timeZone: 'UTC',
    language: 'en_US',
    ...opts.settings,
    ...(opts.language ? { language: opts.language } : {}),
  };
  wanted.baseCurrency = wanted.defaultCurrency;
  const current = await settings('GET');
  const restore = Object.fromEntries(Object.keys(wanted).map((k) => [k, current[k]]));
  await settings('PUT', wanted);
  return {
    url,
    apiKey: env.ESPO_API_KEY ?? '',
    admin,
    stop: async () => {
      await settings('PUT', restore);
    },
  };
}

/** An EspoCRM with infra/scaleway-espocrm's customisations installed, and a tiny API-key / admin client. */
export async function startInfraEspo(opts: EspoStandInOptions = {}) {
  let espo: Target;
  let standInUser: string | null = null;
  if (AGAINST_REAL) espo = await realTarget(opts);
  else {
    const stand = await startEspoStandIn({ customizations: 'infra', ...opts });
    espo = { url: stand.url, apiKey: C.apiKey, admin: `${C.adminUser}:${C.adminPassword}`, stop: stand.stop };
    standInUser = stand.users.find((u) => u.apiKey === C.apiKey)!.id;
  }
  const call = async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    as: 'api' | 'admin' = 'api',
  ): Promise<Answer<T>> => {
    const auth: Record<string, string> =
      as === 'admin' ? { 'Espo-Authorization': b64(espo.admin) } : { 'X-Api-Key': espo.apiKey };
    const res = await fetch(`${espo.url}/api/v1/${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      reason: res.headers.get('x-status-reason'),
      body: (text ? JSON.parse(text) : null) as T,
    };
  };
  type R = Record<string, unknown>;
  const api = {
    get: <T = R>(path: string) => call<T>('GET', path),
    post: <T = R>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
    put: <T = R>(path: string, body: unknown) => call<T>('PUT', path, body),
    del: <T = unknown>(path: string, body?: unknown) => call<T>('DELETE', path, body),
    admin: <T = R>(method: string, path: string, body?: unknown) => call<T>(method, path, body, {}, 'admin'),
    /** The answer's raw text (some EspoCRM answers are not JSON). */
    text: (path: string) =>
      fetch(`${espo.url}/api/v1/${path}`, { headers: { 'X-Api-Key': espo.apiKey } }).then((r) => r.text()),
    /** Creates and returns the record; fails the test if EspoCRM refused it. */
    create: async (entity: string, body: R, headers?: Record<string, string>): Promise<R> => {
      const a = await call<R>('POST', entity, body, headers);
      if (a.status !== 200)
        throw new Error(`create ${entity}: ${a.status} ${a.reason} ${JSON.stringify(a.body)}`);
      return a.body;
    },
  };
  const userId = standInUser ?? (await call<{ user: { id: string } }>('GET', 'App/user')).body.user.id;
  return { espo, api, userId };
}

/**
 * An install without the shipped customisations: a fresh stand-in, or with ESPO_SUITES_TARGET=real
 * the fresh install of ESPO_FRESH_URL / ESPO_FRESH_API_KEY (only read).
 */
export async function startFreshEspo(): Promise<{ url: string; apiKey: string; stop(): Promise<void> }> {
  if (AGAINST_REAL)
    return {
      url: process.env.ESPO_FRESH_URL ?? '',
      apiKey: process.env.ESPO_FRESH_API_KEY ?? '',
      stop: async () => {},
    };
  const fresh = await startEspoStandIn();
  return { url: fresh.url, apiKey: fresh.apiKey, stop: fresh.stop };
}

/** `?where[0][type]=…` from where items (EspoCRM's bracket form, arrays as `[]`). */
export function whereQuery(items: unknown[], extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  const add = (prefix: string, v: unknown) => {
    if (Array.isArray(v))
      for (const [i, x] of v.entries()) add(typeof x === 'object' ? `${prefix}[${i}]` : `${prefix}[]`, x);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) add(`${prefix}[${k}]`, x);
    else q.append(prefix, String(v));
  };
  for (const [i, w] of items.entries()) add(`where[${i}]`, w);
  return q.toString();
}
