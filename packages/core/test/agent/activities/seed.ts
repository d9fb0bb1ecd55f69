import { type CrmClient, createEspoClient, silentLogger, systemClock } from '@max/core';
import type { EspoStandIn } from '@max/sandbox';

/**
 * The CRM as an operator sees it, to put records in place before a conversation: the real client
 * over HTTP (in shared mode with the tenant's field, so the records are that tenant's).
 */
export function crmOf(espo: EspoStandIn, tenant?: string): CrmClient {
  return createEspoClient({
    baseUrl: espo.url,
    auth: { kind: 'apikey', apiKey: espo.apiKey },
    fetch: (i, init) => fetch(i, init),
    clock: systemClock,
    logger: silentLogger,
    defaultCountry: 'FR',
    tenant: tenant ? { field: 'cTenantId', value: tenant } : null,
  });
}

/** An EspoCRM admin (the Field Manager needs one), as `npm run tenant` or a sector setup uses it. */
export function adminCrmOf(espo: EspoStandIn): CrmClient {
  const { adminUser: username, adminPassword: password } = espo.credentials;
  return createEspoClient({
    baseUrl: espo.url,
    auth: { kind: 'basic', username, password },
    adminAuth: { kind: 'basic', username, password },
    fetch: (i, init) => fetch(i, init),
    clock: systemClock,
    logger: silentLogger,
  });
}

/** The API user MAX acts as (EspoCRM's assignedUserId for what MAX creates). */
export const apiUserId = (espo: EspoStandIn) =>
  espo.users.find((u) => u.userName === 'crm-client-apikey')!.id;

/** Replies sent to one chat, oldest first. */
export const repliesTo = (green: { sent(): Array<{ chatId: string; message: string }> }, chatId: string) =>
  green.sent().filter((m) => m.chatId === chatId);

export const lastReply = (green: { sent(): Array<{ chatId: string; message: string }> }, chatId: string) =>
  repliesTo(green, chatId).at(-1)?.message ?? '';

/** Minutes between two EspoCRM date-times. */
export const minutesBetween = (a: unknown, b: unknown) =>
  (Date.parse(`${String(b).replace(' ', 'T')}Z`) - Date.parse(`${String(a).replace(' ', 'T')}Z`)) / 60_000;
