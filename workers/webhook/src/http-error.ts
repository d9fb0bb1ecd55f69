import { AppError, type ErrorCode, type HttpError, toHttp } from '@max/core';

/** Every error answer goes through core's toHttp, so codes map to statuses in one place. */
export function httpError(code: ErrorCode, message: string): HttpError {
  return toHttp(new AppError(code, message));
}
