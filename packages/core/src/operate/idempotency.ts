import { sha256Hex } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';
import type { SqlClient } from '../store/postgres/sql-client.ts';

export interface IdempotentAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Runs a create once per (actor, Idempotency-Key): the first request records its answer, a retry
 * with the same input gets that answer again (a replay, marked so), the same key with another input
 * is refused (422), and a retry while the first still runs gets 409. A first request that fails
 * leaves nothing behind: its retry runs again.
 */
export async function onceForKey(
  db: <T>(name: string, run: (sql: SqlClient) => Promise<T>) => Promise<T>,
  o: { actor: string; key: string; action: string; input: unknown },
  run: () => Promise<IdempotentAnswer>,
): Promise<IdempotentAnswer> {
  const digest = await sha256Hex(`${o.action}\n${JSON.stringify(o.input ?? null)}`);
  const claimed = await db('idempotency_claim', async (sql) => {
    const rows = await sql`
      insert into operator_requests (actor, idempotency_key, action, request_digest)
      values (${o.actor}, ${o.key}, ${o.action}, ${digest})
      on conflict (actor, idempotency_key) do nothing
      returning actor`;
    if (rows.length) return null;
    const [prev] = await sql`
      select action, request_digest, status, response from operator_requests
       where actor = ${o.actor} and idempotency_key = ${o.key}`;
    return prev ?? null;
  });
  if (claimed) {
    if (claimed.request_digest !== digest)
      throw new AppError('unprocessable', 'This Idempotency-Key was used for another request', {
        details: { idempotencyKey: o.key },
      });
    if (claimed.status === null)
      throw new AppError('conflict', 'The first request with this Idempotency-Key is still running', {
        retryable: true,
      });
    return {
      status: Number(claimed.status),
      body: { ...(claimed.response as Record<string, unknown>), replayed: true },
    };
  }
  try {
    const answer = await run();
    await db('idempotency_done', async (sql) => {
      await sql`
        update operator_requests set status = ${answer.status}, response = ${JSON.stringify(answer.body)}::text::jsonb
         where actor = ${o.actor} and idempotency_key = ${o.key}`;
    });
    return answer;
  } catch (e) {
    await db('idempotency_release', async (sql) => {
      await sql`delete from operator_requests where actor = ${o.actor} and idempotency_key = ${o.key} and status is null`;
    }).catch(() => undefined);
    throw e;
  }
}
