/**
 * One error model for every deployable: expected failures are AppErrors with a stable code,
 * a retryable flag and an optional cause. `toHttp` is the single place codes become statuses.
 */
export const errorCodes = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  duplicate: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** Understood, but what it is about refuses it (a tenant's checks fail, a new key the CRM refuses). */
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  timeout: 504,
  upstream: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface AppErrorOptions {
  retryable?: boolean;
  cause?: unknown;
  /** Safe, structured details a client may see (field names, ids) — never secrets or message text. */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? defaultRetryable(code);
    this.details = options.details;
  }
}

function defaultRetryable(code: ErrorCode): boolean {
  return code === 'unavailable' || code === 'timeout' || code === 'upstream' || code === 'rate_limited';
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/**
 * An answer outside a service's protocol (a body that is not JSON, a 2xx without the record): not
 * an outage, and not a refusal the user can act on. Retrying will not make that answer right.
 */
export const isBadAnswer = (e: unknown): e is AppError => isAppError(e) && e.details?.kind === 'bad_answer';

export interface HttpError {
  status: number;
  body: { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };
}

/** Maps any thrown value to an HTTP answer; unknown errors become a 500 that leaks nothing. */
export function toHttp(e: unknown): HttpError {
  if (isAppError(e)) {
    const body: HttpError['body'] = { error: { code: e.code, message: e.message } };
    if (e.details) body.error.details = e.details;
    return { status: errorCodes[e.code], body };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error' } } };
}

/** A short, non-sensitive description of an error for logs (no stack, no payloads). */
export function describeError(e: unknown): { code: string; message: string; retryable: boolean } {
  if (isAppError(e)) return { code: e.code, message: e.message, retryable: e.retryable };
  if (e instanceof Error) return { code: 'internal', message: e.name, retryable: false };
  return { code: 'internal', message: 'non-error thrown', retryable: false };
}
