import { AppError, type ErrorCode, type HttpError, toHttp } from '@max/core/shared';
import type { Context } from 'hono';

/** Every error answer goes through core's toHttp, so codes map to statuses in one place. */
export function httpError(code: ErrorCode, message: string): HttpError {
  return toHttp(new AppError(code, message));
}

/** Answers with an error (an AppError, or anything else as a 500 that leaks nothing). */
export function errorResponse(c: Context, e: unknown, headers?: Record<string, string>): Response {
  const http = toHttp(e);
  return c.json(http.body, http.status as 400, headers);
}
