import type { Clock, FetchLike } from '../../shared/clock.ts';
import { type Delivery, deliveryOfStatus, failedBeforeSending } from '../../shared/delivery.ts';
import { AppError, describeError, isAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { withRetries } from '../../shared/retry-loop.ts';
import { type AnswerShape, answerShapes, badAnswer } from './answers.ts';
import { authHeaders, type EspoAuth } from './auth.ts';
import { toCrmError } from './errors.ts';
import { maskIds } from './ids.ts';
import type { EspoClientState } from './state.ts';

export interface TransportOptions {
  base: string;
  auth: EspoAuth;
  /**
   * The previous API key / HMAC secret during a rotation's grace period: a request the current one
   * gets refused with (401: not processed) is sent once more with it.
   */
  fallbackAuth?: EspoAuth | undefined;
  adminAuth: Extract<EspoAuth, { kind: 'basic' }> | undefined;
  cfAccess: { clientId: string; clientSecret: string } | undefined;
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  /** Attempts per call, the first included. */
  attempts: number;
  random: () => number;
  state: EspoClientState;
}

export interface RequestOptions {
  body?: unknown;
  query?: URLSearchParams;
  admin?: boolean;
  headers?: Record<string, string>;
  /** The answer must be a record or a list: anything else is a bad answer (upstream, not retried). */
  expect?: AnswerShape;
}

const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);
/** Backoff between attempts of one call; a server's Retry-After is honoured up to RETRY_CAP_MS. */
const BACKOFF = { baseMs: 200, maxMs: 2000 };
const RETRY_CAP_MS = 5000;

/** The same error with `details.delivery` set: callers tell "not applied" from "maybe applied". */
function withDelivery(e: AppError, delivery: Delivery): AppError {
  if (e.details?.delivery) return e;
  return new AppError(e.code, e.message, {
    retryable: e.retryable,
    ...(e.cause === undefined ? {} : { cause: e.cause }),
    details: { ...e.details, delivery },
  });
}

/** The same error, saying it came from the CRM (what its sender is told depends on it). */
function fromCrm(e: AppError): AppError {
  if (e.details?.service) return e;
  return new AppError(e.code, e.message, {
    retryable: e.retryable,
    ...(e.cause === undefined ? {} : { cause: e.cause }),
    details: { ...e.details, service: 'crm' },
  });
}

function thrownError(e: unknown, timeoutMs: number): AppError {
  const name = (e as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new AppError('timeout', `EspoCRM did not answer within ${timeoutMs} ms`, {
      retryable: true,
      details: { kind: 'timeout', delivery: 'unknown' },
    });
  return new AppError('unavailable', 'EspoCRM unreachable', {
    retryable: true,
    cause: e,
    details: { kind: 'unavailable', delivery: failedBeforeSending(e) ? 'not_sent' : 'unknown' },
  });
}

/** EspoCRM's HTTP layer: auth headers, token re-login, bounded retries, one error model. */
export function createEspoTransport(o: TransportOptions) {
  const { tokens } = o.state;

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    let auth: EspoAuth = opts.admin ? (o.adminAuth ?? o.auth) : o.auth;
    const tokenKey = auth.kind === 'basic' ? auth.username : '';
    const url = `${o.base}${path}${opts.query && [...opts.query].length ? `?${opts.query}` : ''}`;
    let relogged = false;
    return withRetries<T>(
      {
        ...BACKOFF,
        clock: o.clock,
        attempts: o.attempts,
        random: o.random,
        capMs: RETRY_CAP_MS,
        idempotent: IDEMPOTENT.has(method),
        giveUp: (err, attempt) => {
          if (err.retryable) o.logger.warn('crm.failed', { method, attempt, ...describeError(err) });
          return fromCrm(err);
        },
      },
      async (attempt) => {
        // A re-login or a rotation's previous credential replays within the same attempt (401: not processed).
        for (;;) {
          const started = o.clock.now().getTime();
          const token = tokens.get(tokenKey) ?? null;
          let retryAfter: string | null = null;
          try {
            const headers: Record<string, string> = {
              Accept: 'application/json',
              ...(await authHeaders(auth, method, path, token)),
              ...(o.cfAccess
                ? {
                    'CF-Access-Client-Id': o.cfAccess.clientId,
                    'CF-Access-Client-Secret': o.cfAccess.clientSecret,
                  }
                : {}),
              ...opts.headers,
            };
            // Always an object with the JSON content type: EspoCRM silently creates an empty record otherwise.
            if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
            const res = await o.fetch(url, {
              method,
              headers,
              ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
              signal: AbortSignal.timeout(o.timeoutMs),
            });
            o.logger.debug('crm.call', {
              method,
              path: maskIds(path),
              status: res.status,
              attempt,
              durationMs: o.clock.now().getTime() - started,
            });
            if (res.status === 401 && token && !relogged) {
              // The token expired: log in again once with the password, then replay.
              tokens.delete(tokenKey);
              relogged = true;
              await login(auth);
              continue;
            }
            if (res.status === 401 && o.fallbackAuth && auth === o.auth) {
              // Refused, so not processed: the previous credential of a rotation still in its grace period.
              await res.body?.cancel().catch(() => undefined);
              o.logger.warn('crm.credential_fallback', { method, path: maskIds(path) });
              auth = o.fallbackAuth;
              continue;
            }
            if (!res.ok) {
              retryAfter = res.headers.get('retry-after');
              throw withDelivery(await toCrmError(res, method, path), deliveryOfStatus(res.status));
            }
            const text = await res.text();
            const where = { method, path: maskIds(path), status: res.status };
            let value: unknown = null;
            if (text) {
              try {
                value = JSON.parse(text);
              } catch {
                throw badAnswer('not_json', where);
              }
            }
            if (opts.expect && !answerShapes[opts.expect].safeParse(value).success)
              throw badAnswer(opts.expect, where);
            return { ok: true, value: value as T };
          } catch (e) {
            return { ok: false, error: isAppError(e) ? e : thrownError(e, o.timeoutMs), retryAfter };
          }
        }
      },
    );
  }

  /** Basic auth: one password login (GET App/user) whose token later requests reuse. */
  async function login(auth: EspoAuth | undefined): Promise<void> {
    if (auth?.kind !== 'basic' || tokens.has(auth.username)) return;
    const res = await request<{ token?: string | null; user?: { id: string } }>('GET', '/App/user', {
      admin: auth === o.adminAuth && auth !== o.auth,
    });
    if (res?.token) tokens.set(auth.username, res.token);
  }

  return { request, login };
}

export type EspoTransport = ReturnType<typeof createEspoTransport>;
