import type { Logger } from '../../shared/logger.ts';
import type { Store } from '../port.ts';
import type { DeadLetterInput } from '../types.ts';
import { commitPayload } from './commit-payload.ts';
import {
  beginTurnResult,
  commitResult,
  deadLetterResult,
  failAttemptResult,
  outboundReservation,
  outboxRows,
  teamChatRows,
  tenantContextRow,
} from './rows.ts';
import type { SqlClient } from './sql-client.ts';
import { createUnitRunner } from './unit-runner.ts';

export interface PostgresStoreOptions {
  sql: SqlClient;
  logger: Logger;
  /**
   * Opens a fresh client. When given, a unit that loses its connection or does not answer within
   * `unitTimeoutMs` drops the current client for a new one: postgres.js can leave a query issued
   * right after a connection error pending forever (porsager/postgres#1130), and on a one-connection
   * pool everything behind it would wait too.
   */
  reconnect?: () => SqlClient;
  /** A unit that has not answered after this long fails as `unavailable` (default 15 s). */
  unitTimeoutMs?: number;
  /** The same bound for operator work (admin API, health, exports; default 60 s). */
  operateTimeoutMs?: number;
}

/**
 * Store over postgres.js: every method is one SQL function call, one statement, one round trip.
 * The functions set role `max_agent` (never a signed-in person's) and the tenant claim themselves,
 * so RLS decides what each unit of work can see (supabase/migrations/*_pipeline_units.sql,
 * *_agent_role.sql).
 */
export function createPostgresStore(opts: PostgresStoreOptions): Store {
  const runner = createUnitRunner(opts);
  const { bounded } = runner;
  const timeoutMs = opts.unitTimeoutMs ?? 15_000;

  /** One unit: one statement whose single row carries the answer in `r`. */
  async function unit<T>(
    name: string,
    run: (sql: SqlClient) => PromiseLike<readonly Record<string, unknown>[]>,
  ): Promise<T> {
    const rows = await bounded(name, run, timeoutMs);
    return rows[0]?.r as T;
  }
  const json = (v: unknown) => JSON.stringify(v ?? null);

  return {
    async beginTurn(input) {
      const r = await unit(
        'begin',
        (sql) => sql`select public.max_begin_turn(${json(input)}::text::jsonb) as r`,
      );
      return beginTurnResult.parse(r);
    },

    async putToolResult(turn, result, leaseMs) {
      return Boolean(
        await unit(
          'tool_result',
          (sql) =>
            sql`select public.max_put_tool_result(${turn.tenantId}, ${turn.messageId}::uuid, ${turn.attempt},
                                                  ${json(result)}::text::jsonb, ${Math.round(leaseMs)}) as r`,
        ),
      );
    },

    async heartbeat(turn, leaseMs) {
      return Boolean(
        await unit(
          'heartbeat',
          (sql) =>
            sql`select public.max_heartbeat(${turn.tenantId}, ${turn.messageId}::uuid, ${turn.attempt}, ${Math.round(leaseMs)}) as r`,
        ),
      );
    },

    async failTurn(turn, error, final) {
      return Boolean(
        await unit(
          'fail',
          (sql) =>
            sql`select public.max_fail_turn(${turn.tenantId}, ${turn.messageId}::uuid, ${turn.attempt}, ${error.slice(0, 200)}, ${final}) as r`,
        ),
      );
    },

    async commitTurn(input) {
      const r = await unit(
        'commit',
        (sql) => sql`select public.max_commit_turn(${json(commitPayload(input))}::text::jsonb) as r`,
      );
      return commitResult.parse(r);
    },

    async failAttempt(turn, f) {
      const r = await unit(
        'fail',
        (sql) =>
          sql`select public.max_fail_attempt(${json({ ...turn, error: f.error.slice(0, 200), notice: f.notice ?? null })}::text::jsonb) as r`,
      );
      return failAttemptResult.parse(r);
    },

    async takeOutbox(tenantId, o) {
      const r = await unit(
        'take_outbox',
        (sql) =>
          sql`select public.max_take_outbox(${tenantId}, ${o.messageId ?? null}::uuid, ${o.limit}, ${o.dueOnly}) as r`,
      );
      return outboxRows.parse(r);
    },

    async completeSend(tenantId, outboxId, result) {
      const r = await unit<string | null>(
        'complete_send',
        (sql) =>
          sql`select public.max_complete_send(${tenantId}, ${outboxId}::uuid, ${json(result)}::text::jsonb) as r`,
      );
      return r ?? null;
    },

    async deadLetter(input: DeadLetterInput) {
      const r = await unit(
        'dead_letter',
        (sql) => sql`select public.max_dead_letter(${json(input)}::text::jsonb) as r`,
      );
      return deadLetterResult.parse(r);
    },

    async reserveOutbound(tenantId, key, chatId) {
      const r = await unit(
        'reserve_outbound',
        (sql) => sql`select public.max_reserve_outbound(${tenantId}, ${key}, ${chatId}) as r`,
      );
      return outboundReservation.parse(r);
    },

    async teamChats(tenantId) {
      const r = await unit('team_chats', (sql) => sql`select public.max_team_chats(${tenantId}) as r`);
      return teamChatRows.parse(r ?? []);
    },

    async activeInstances() {
      const r = await unit<Array<{ tenantId: string; idInstance: string }>>(
        'active_instances',
        (sql) => sql`select public.max_active_instances() as r`,
      );
      return r ?? [];
    },

    async tenantContext(tenantId, knownVersion) {
      const r = await unit(
        'tenant_context',
        (sql) => sql`select public.max_tenant_context(${tenantId}, ${knownVersion ?? null}::bigint) as r`,
      );
      return tenantContextRow.parse(r ?? null);
    },

    async ping() {
      await unit('ping', (sql) => sql`select 1 as r`);
    },

    async asPerson(name, claims, run) {
      let out: Awaited<ReturnType<typeof run>> | undefined;
      await unit(`person.${name}`, (sql) =>
        sql.begin(async (tx) => {
          await tx`select set_config('role', 'authenticated', true),
                          set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
          out = await run(tx);
          return [];
        }),
      );
      return out as Awaited<ReturnType<typeof run>>;
    },
    operate: (name, run) => bounded(`operate:${name}`, run, opts.operateTimeoutMs ?? 60_000),

    roundTrips: runner.roundTrips,
    roundTripsByUnit: runner.roundTripsByUnit,
    close: runner.close,
  };
}
