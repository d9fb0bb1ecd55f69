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

/** A stand-in with infra/scaleway-espocrm's customisations installed, and a tiny API-key / admin client. */
export async function startInfraEspo(opts: EspoStandInOptions = {}) {
  const espo = await startEspoStandIn({ customizations: 'infra', ...opts });
  const call = async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    as: 'api' | 'admin' = 'api',
  ): Promise<Answer<T>> => {
    const auth: Record<string, string> =
      as === 'admin'
        ? { 'Espo-Authorization': Buffer.from(`${C.adminUser}:${C.adminPassword}`).toString('base64') }
        : { 'X-Api-Key': C.apiKey };
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
    /** Creates and returns the record; fails the test if EspoCRM refused it. */
    create: async (entity: string, body: R, headers?: Record<string, string>): Promise<R> => {
      const a = await call<R>('POST', entity, body, headers);
      if (a.status !== 200)
        throw new Error(`create ${entity}: ${a.status} ${a.reason} ${JSON.stringify(a.body)}`);
      return a.body;
    },
  };
  const userId = espo.users.find((u) => u.apiKey === C.apiKey)!.id;
  return { espo, api, userId };
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
