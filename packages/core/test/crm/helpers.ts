import { ESPO_DEMO_CREDENTIALS as C, type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import {
  AppError,
  createEspoClient,
  type EspoClientOptions,
  silentLogger,
  systemClock,
} from '../../src/index.ts';

export { C };

/** A fetch that records every call (url, method, headers) before passing it on. */
export function recordingFetch() {
  const calls: Array<{ url: string; method: string; headers: Headers; body: string | null }> = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : null,
    });
    return fetch(input, init);
  };
  return { calls, fetch: fetchFn };
}

/** The AppError a call fails with (anything else, or no failure, fails the test). */
export async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

/** The calls made to one API path (`/api/v1` + path). */
export const apiCalls = <T extends { url: string }>(calls: T[], path: string) =>
  calls.filter((c) => new URL(c.url).pathname === `/api/v1${path}`);

/** Sleeps are skipped so retry tests stay fast; `now` is real. */
export const fastClock = { now: () => new Date(), sleep: async () => {} };

export function client(espo: EspoStandIn, over: Partial<EspoClientOptions> = {}) {
  const rec = recordingFetch();
  const crm = createEspoClient({
    baseUrl: espo.url,
    auth: { kind: 'apikey', apiKey: C.apiKey },
    adminAuth: { kind: 'basic', username: C.adminUser, password: C.adminPassword },
    fetch: rec.fetch,
    clock: fastClock,
    logger: silentLogger,
    timeoutMs: 2000,
    ...over,
  });
  return { crm, calls: rec.calls };
}

export { startEspoStandIn, systemClock };
