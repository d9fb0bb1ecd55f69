import type { Clock, FetchLike } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { assertSupportedRegion, checkPhone } from '../phone.ts';
import type { CrmRecord, WhereClause } from '../port.ts';
import type { EspoAuth } from './auth.ts';
import { assertName, assertRecordId } from './ids.ts';
import { createEspoClientState, type EspoClientState } from './state.ts';
import { createEspoTransport, type EspoTransport } from './transport.ts';

export interface EspoClientOptions {
  baseUrl: string;
  auth: EspoAuth;
  /** A rotation's previous API key / HMAC secret, tried once when `auth` is refused (401). */
  fallbackAuth?: EspoAuth;
  /** Admin user for the Field Manager, layouts, rebuild and cache (API users are never admins). */
  adminAuth?: Extract<EspoAuth, { kind: 'basic' }>;
  /** Cloudflare Access service token, for an EspoCRM behind a Cloudflare Tunnel. */
  cfAccess?: { clientId: string; clientSecret: string };
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
  /**
   * Retries for idempotent requests (GET/PUT/DELETE) on 5xx and timeouts; default 2. A POST is
   * retried only when it provably never reached EspoCRM (no connection).
   */
  retries?: number;
  /** @deprecated use `retries` (attempts = retries + 1). */
  attempts?: number;
  /** Shared mode: every write carries this value, every read is filtered on it. */
  tenant?: { field: string; value: string } | null;
  /**
   * Region for phone numbers typed without a country code ("FR"). Must be a region libphonenumber-js
   * supports (a configuration error otherwise); without it only international numbers are accepted.
   */
  defaultCountry?: string;
  /** Field-definition cache (per client instance, or per `state`). */
  cache?: { ttlMs?: number };
  /** @deprecated use `cache.ttlMs`. */
  metadataTtlMs?: number;
  random?: () => number;
  /** Tokens, field metadata and user id to share with other clients of the same tenant. */
  state?: EspoClientState;
}

export const ESPO_MAX_PAGE = 200;

/**
 * What every family of client calls shares: the transport, the options, the tenant scope (shared
 * mode) and the checks that keep paths safe and other tenants' records invisible.
 */
export interface EspoScope {
  o: EspoClientOptions;
  transport: EspoTransport;
  request: EspoTransport['request'];
  login: EspoTransport['login'];
  state: EspoClientState;
  tenant: { field: string; value: string } | null;
  fieldsTtl: number;
  /** `/Entity/id` once both are known to be safe path segments. */
  recordPath(entity: string, id: string): string;
  entityPath(entity: string): string;
  /** A write's body: the phone number normalised, the tenant field set (and never overridden). */
  prepare(data: Record<string, unknown>): Record<string, unknown>;
  /** Shared mode: the tenant's filter first. */
  scoped(where: WhereClause[] | undefined): WhereClause[] | undefined;
  /** Shared mode: a record of another tenant is reported as missing, whatever the caller asked. */
  assertOwned(entity: string, id: string): Promise<void>;
  notFound(id: string): AppError;
}

export function createEspoScope(o: EspoClientOptions): EspoScope {
  if (o.defaultCountry !== undefined) assertSupportedRegion(o.defaultCountry);
  const state = o.state ?? createEspoClientState();
  const tenant = o.tenant ?? null;
  const transport = createEspoTransport({
    base: `${o.baseUrl.replace(/\/+$/, '')}/api/v1`,
    auth: o.auth,
    fallbackAuth: o.fallbackAuth,
    adminAuth: o.adminAuth,
    cfAccess: o.cfAccess,
    fetch: o.fetch,
    clock: o.clock,
    logger: o.logger,
    timeoutMs: o.timeoutMs ?? 10_000,
    attempts: o.retries !== undefined ? o.retries + 1 : (o.attempts ?? 3),
    random: o.random ?? Math.random,
    state,
  });
  const { request, login } = transport;

  const recordPath = (entity: string, id: string): string => {
    assertName('entity', entity);
    assertRecordId(id);
    return `/${entity}/${id}`;
  };
  const entityPath = (entity: string): string => {
    assertName('entity', entity);
    return `/${entity}`;
  };

  const prepare = (data: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...data };
    if (typeof out.phoneNumber === 'string' && out.phoneNumber) {
      const phone = checkPhone(out.phoneNumber, o.defaultCountry ?? null);
      if (!phone.ok)
        throw new AppError('validation', 'Invalid phoneNumber', {
          retryable: false,
          details: {
            kind: 'validation',
            field: 'phoneNumber',
            type: 'valid',
            problem: phone.problem,
            delivery: 'not_sent',
          },
        });
      out.phoneNumber = phone.e164;
    }
    if (tenant) {
      if (tenant.field in out && out[tenant.field] !== tenant.value) {
        throw new AppError('forbidden', 'The tenant field cannot be set', {
          retryable: false,
          details: { kind: 'forbidden', delivery: 'not_sent' },
        });
      }
      out[tenant.field] = tenant.value;
    }
    return out;
  };

  const scoped = (where: WhereClause[] | undefined): WhereClause[] | undefined =>
    tenant ? [{ type: 'equals', attribute: tenant.field, value: tenant.value }, ...(where ?? [])] : where;

  // Another tenant's record looks exactly like a missing one: nothing about it leaks.
  const notFound = (id: string) =>
    new AppError('not_found', `Record ${id} does not exist.`, {
      retryable: false,
      details: { kind: 'not_found', delivery: 'not_sent' },
    });

  async function assertOwned(entity: string, id: string): Promise<void> {
    if (!tenant) return;
    const q = new URLSearchParams({ select: `id,${tenant.field}` });
    const rec = await request<CrmRecord>('GET', recordPath(entity, id), { query: q, expect: 'record' });
    if (rec?.[tenant.field] !== tenant.value) throw notFound(id);
  }

  return {
    o,
    transport,
    request,
    login,
    state,
    tenant,
    fieldsTtl: o.cache?.ttlMs ?? o.metadataTtlMs ?? 5 * 60_000,
    recordPath,
    entityPath,
    prepare,
    scoped,
    assertOwned,
    notFound,
  };
}
