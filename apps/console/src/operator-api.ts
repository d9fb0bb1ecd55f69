import { ApiError } from './api.ts';

/** A refused operator call, with the checks that failed when the API names them (activation). */
export class OperatorError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly fix: Array<{ check: string; fix?: string; detail?: string }>,
  ) {
    super(status, code, message);
  }
}

/**
 * The operator API (/api/admin/…) with an operator key the operator pasted: it lives in this
 * closure only (never localStorage, sessionStorage, a cookie or the address), so it is gone when
 * the tab closes or the operator signs out; the server checks it on every call (hash, scopes,
 * tenants it may act on, revocation) and audits each call.
 */
export function operatorClient(key: string) {
  return async function op<T>(
    method: string,
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    const res = await fetch(`/api/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
    });
    const answer = (await res.json().catch(() => null)) as {
      error?: { code: string; message: string; details?: { fix?: OperatorError['fix'] } };
    } | null;
    if (!res.ok)
      throw new OperatorError(
        res.status,
        answer?.error?.code ?? 'error',
        answer?.error?.message ?? res.statusText,
        answer?.error?.details?.fix ?? [],
      );
    return answer as T;
  };
}
export type OperatorApi = ReturnType<typeof operatorClient>;

export interface CheckLine {
  name: string;
  ok: boolean | null;
  required: boolean;
  detail: string;
  fix?: string;
}
