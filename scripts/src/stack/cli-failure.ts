import { isAppError } from '@max/core';

// Errors that mean "the database could not be reached", from Node's sockets and postgres.js.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/** host:port of a connection string, never its user or password. */
export function databaseAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

/**
 * One line for a command that failed, for an operator: the database being down or refusing the
 * login says so and where (host:port only), a database error gives its message, an AppError its
 * message. No stack trace and never the connection string.
 */
export function describeCliFailure(e: unknown, databaseUrl: string): string {
  const err = e as { code?: unknown; message?: unknown; errors?: Array<{ code?: unknown }> };
  const code = String(err?.code ?? err?.errors?.[0]?.code ?? '');
  if (UNREACHABLE.has(code))
    return `cannot reach the database at ${databaseAddress(databaseUrl)} (${code}) — is it running, and is DATABASE_URL right?`;
  // 28P01/28000: PostgreSQL refused the credentials or the role.
  if (code === '28P01' || code === '28000')
    return `the database at ${databaseAddress(databaseUrl)} refused the login (${code}) — check DATABASE_URL`;
  if (isAppError(e)) return e.message;
  const message = typeof err?.message === 'string' ? (err.message.split('\n')[0] ?? '') : String(e);
  return /^[0-9A-Z]{5}$/.test(code) ? `database error ${code}: ${message}` : message;
}
