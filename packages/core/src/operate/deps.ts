import type { Keyring } from '../secrets/keyring.ts';
import type { Clock, FetchLike } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { SqlClient } from '../store/postgres/sql-client.ts';

/** Knobs of the operator's side, with their defaults (operateSettings). */
export interface OperateSettings {
  /** How long a rotated credential's predecessor stays a fallback (hours). */
  rotationGraceHours: number;
  /** The legal retention of the audit (max_logs, operator_audit): kept this long, even after a deletion. */
  auditRetentionDays: number;
  /** Between a deletion request and the purge of the tenant's rows (days). */
  deletionGraceDays: number;
  /** The operator's alert channel (a Slack-compatible incoming webhook): WhatsApp being the broken part. */
  alertWebhookUrl: string | null;
  /** Each CRM / Green-API call of a check gives up after this long (ms). */
  checkTimeoutMs: number;
}

export const operateSettings = (o: Partial<OperateSettings> = {}): OperateSettings => ({
  rotationGraceHours: o.rotationGraceHours ?? 24,
  auditRetentionDays: o.auditRetentionDays ?? 365,
  deletionGraceDays: o.deletionGraceDays ?? 30,
  alertWebhookUrl: o.alertWebhookUrl ?? null,
  checkTimeoutMs: o.checkTimeoutMs ?? 8000,
});

/**
 * What the operator's side needs: the database (each step on the caller's connection, as its owner:
 * the agent's store.operate, or the tenant CLI's own client), the keyring that seals secrets, and
 * fetch for the checks. The API (agent) and the CLI build one each and call the same functions.
 */
export interface OperateDeps {
  /** Runs one database step. Never held across a call to the CRM or Green-API. */
  sql<T>(name: string, run: (sql: SqlClient) => Promise<T>): Promise<T>;
  keyring: Keyring;
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  settings: OperateSettings;
}

/** Who is acting: an API key, the CLI's user, or the cron. */
export interface Actor {
  via: 'api' | 'cli' | 'cron';
  /** key:<id>, cli:<user>, cron. */
  name: string;
  requestId: string | null;
  /** The tenants this actor may act on (null: all). */
  tenants: readonly string[] | null;
}

export const cliActor = (user: string): Actor => ({
  via: 'cli',
  name: `cli:${user.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 60) || 'operator'}`,
  requestId: null,
  tenants: null,
});
