import { afterAll } from 'vitest';
import { createEspoClient, type EspoClientOptions, silentLogger, systemClock } from '../../src/index.ts';

/**
 * The real-EspoCRM suites' one way to reach the install named by ESPO_URL, ESPO_API_KEY and (for
 * admin actions) ESPO_ADMIN_USERNAME / ESPO_ADMIN_PASSWORD. Suites skip visibly without them.
 */
const env = process.env;

export const realEspo = {
  url: env.ESPO_URL ?? '',
  /** The API user is enough. */
  ready: Boolean(env.ESPO_URL && env.ESPO_API_KEY),
  /** The admin user is given too (schema, layouts, rebuild, health as admin). */
  readyAdmin: Boolean(env.ESPO_URL && env.ESPO_API_KEY && env.ESPO_ADMIN_USERNAME && env.ESPO_ADMIN_PASSWORD),
  adminBasic: () => btoa(`${env.ESPO_ADMIN_USERNAME}:${env.ESPO_ADMIN_PASSWORD}`),
};

/** Client options for the install; `admin` adds the admin user, `tenant` shared mode. */
export const realEspoOptions = (
  o: { admin?: boolean; tenant?: string; timeoutMs?: number } = {},
): EspoClientOptions => ({
  baseUrl: realEspo.url,
  auth: { kind: 'apikey', apiKey: env.ESPO_API_KEY ?? '' },
  ...(o.admin
    ? {
        adminAuth: {
          kind: 'basic' as const,
          username: env.ESPO_ADMIN_USERNAME ?? '',
          password: env.ESPO_ADMIN_PASSWORD ?? '',
        },
      }
    : {}),
  fetch,
  clock: systemClock,
  logger: silentLogger,
  timeoutMs: o.timeoutMs ?? 15_000,
  defaultCountry: 'FR',
  ...(o.tenant ? { tenant: { field: 'cTenantId', value: o.tenant } } : {}),
});

/**
 * A client for a suite, and the records it creates, deleted after the suite (newest first).
 * Call inside `describe`.
 */
export function realEspoSuite(o: { admin?: boolean; timeoutMs?: number } = {}) {
  const crm = createEspoClient(realEspoOptions(o));
  const created: Array<[string, string]> = [];
  afterAll(async () => {
    for (const [entity, id] of created.reverse()) await crm.delete(entity, id).catch(() => {});
  });
  return { crm, created };
}
