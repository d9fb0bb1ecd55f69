import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Store, TenantStore } from '../port.ts';
import type {
  AuditEntry,
  ChatTurnState,
  ClaimResult,
  MemberRole,
  MessageStatus,
  StoredToolResult,
  TenantContext,
} from '../types.ts';
import { contextRow, toOutbox, toPending, toSender, toSession, toTenant } from './rows.ts';
import { countingSql, type SqlClient, type SqlTag } from './sql-client.ts';

/** Bounded conversational context: what the model may see of a chat. */
export const SESSION_TURNS_KEPT = 12;
/** An outbox row being sent is invisible to other senders for this long (a crash releases it). */
const SENDING_LEASE_MS = 2 * 60_000;

export interface PostgresStoreOptions {
  sql: SqlClient;
  clock: Clock;
  logger: Logger;
}

/**
 * Store over postgres.js. Each TenantStore method is one transaction run the way PostgREST runs a
 * request: role `authenticated` and `request.jwt.claims` set locally, so RLS decides what is seen.
 */
export function createPostgresStore(opts: PostgresStoreOptions): Store {
  const { clock } = opts;
  const counter = countingSql(opts.sql);
  const sql = counter.sql;

  async function asRole<T>(
    role: 'authenticated' | 'service_role',
    tenantId: string | null,
    fn: (q: SqlTag) => Promise<T>,
  ): Promise<T> {
    return sql.begin(async (q) => {
      // Role and claims in one statement (what PostgREST does per request), local to this transaction.
      // Not folded into the first query: RLS and privileges are fixed when a statement starts, so a
      // query that switches role mid-statement would run as the connecting owner, past RLS.
      const claims = JSON.stringify(tenantId ? { role, tenant_id: tenantId } : { role });
      await q`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${claims}, true)`;
      return fn(q);
    });
  }

  const forTenant = (tenantId: string): TenantStore => {
    const tx = <T>(fn: (q: SqlTag) => Promise<T>) => asRole('authenticated', tenantId, fn);
    const now = () => clock.now();
    return {
      tenantId,

      claimMessage: (input) =>
        tx(async (q): Promise<ClaimResult> => {
          const t = now();
          const lease = new Date(t.getTime() + input.leaseMs);
          const status = input.initialStatus ?? 'processing';
          const inserted = await q`
            insert into inbound_messages (tenant_id, id_message, chat_id, type_message, wa_timestamp, request_id, status, lease_until, received_at, content)
            values (${tenantId}, ${input.idMessage}, ${input.chatId}, ${input.typeMessage}, ${input.waTimestamp}, ${input.requestId},
                    ${status}, ${status === 'processing' ? lease : null}, ${t}, ${input.content ? JSON.stringify(input.content) : null}::text::jsonb)
            on conflict (tenant_id, id_message) do nothing
            returning id, attempts`;
          if (inserted[0])
            return {
              outcome: 'claimed',
              messageId: String(inserted[0].id),
              attempt: Number(inserted[0].attempts),
            };
          // Take over only a failed attempt or one whose lease ran out (its worker died).
          const retaken = await q`
            update inbound_messages
               set status = 'processing', attempts = attempts + 1, lease_until = ${lease}, request_id = ${input.requestId}, error = null
             where tenant_id = ${tenantId} and id_message = ${input.idMessage}
               and (status = 'failed' or (status = 'processing' and lease_until < ${t}))
            returning id, attempts`;
          if (retaken[0]) {
            opts.logger.info('store.message_reclaimed', {
              tenantId,
              messageId: String(retaken[0].id),
              attempt: Number(retaken[0].attempts),
            });
            return {
              outcome: 'claimed',
              messageId: String(retaken[0].id),
              attempt: Number(retaken[0].attempts),
            };
          }
          const current =
            await q`select status from inbound_messages where tenant_id = ${tenantId} and id_message = ${input.idMessage}`;
          return { outcome: 'duplicate', status: (current[0]?.status as MessageStatus) ?? 'processing' };
        }),

      loadContext: (chatId, senderId) =>
        tx(async (q): Promise<TenantContext> => {
          const [row] = await q`
            select
              (select row_to_json(t) from tenants t where t.id = ${tenantId}) as tenant,
              (select row_to_json(w) from whatsapp_senders w where w.tenant_id = ${tenantId} and w.chat_id = ${senderId ?? chatId}) as sender,
              (select row_to_json(x) from sessions x where x.tenant_id = ${tenantId} and x.chat_id = ${chatId}) as session,
              (select coalesce(json_object_agg(m.key, m.value), '{}'::json) from tenant_memory m where m.tenant_id = ${tenantId}) as memory,
              (select coalesce(json_agg(json_build_object('name', s.name, 'keyId', s.key_id, 'ciphertext', s.ciphertext)), '[]'::json)
                 from tenant_secrets s where s.tenant_id = ${tenantId}) as secrets`;
          const ctx = contextRow.parse(row);
          if (!ctx.tenant) throw new AppError('not_found', 'Tenant not visible');
          return {
            tenant: toTenant(ctx.tenant),
            sender: ctx.sender ? toSender(ctx.sender) : null,
            session: ctx.session ? toSession(ctx.session) : null,
            memory: ctx.memory,
            secrets: ctx.secrets,
          };
        }),

      getToolResults: (messageId) =>
        tx(async (q) => {
          const rows = await q`
            select call_index, tool, args_digest, ok, result from tool_calls
             where tenant_id = ${tenantId} and message_id = ${messageId} order by call_index`;
          return rows.map(
            (r): StoredToolResult => ({
              callIndex: Number(r.call_index),
              tool: String(r.tool),
              argsDigest: String(r.args_digest),
              ok: Boolean(r.ok),
              result: r.result,
            }),
          );
        }),

      putToolResult: (messageId, r) =>
        tx(async (q) => {
          await q`
            insert into tool_calls (tenant_id, message_id, call_index, tool, args_digest, ok, result)
            values (${tenantId}, ${messageId}, ${r.callIndex}, ${r.tool}, ${r.argsDigest}, ${r.ok}, ${JSON.stringify(r.result ?? null)}::text::jsonb)
            on conflict (tenant_id, message_id, call_index) do nothing`;
        }),

      appendAudit: (rows) => tx((q) => insertAudit(q, tenantId, rows)),

      commitTurn: (input) =>
        tx(async (q) => {
          await insertAudit(q, tenantId, input.audit);
          const turns = JSON.stringify(input.session.turns.slice(-SESSION_TURNS_KEPT));
          const focus = input.session.focus ? JSON.stringify(input.session.focus) : null;
          await q`
            insert into sessions (tenant_id, chat_id, turns, focus, paused_until, updated_at)
            values (${tenantId}, ${input.chatId}, ${turns}::text::jsonb, ${focus}::text::jsonb, ${input.session.pausedUntil}, ${now()})
            on conflict (tenant_id, chat_id) do update
              set turns = excluded.turns, focus = excluded.focus, updated_at = excluded.updated_at,
                  paused_until = greatest(sessions.paused_until, excluded.paused_until)`;
          if (input.memory && Object.keys(input.memory).length) {
            await q`
              insert into tenant_memory (tenant_id, key, value, updated_at)
              select ${tenantId}, key, value, ${now()} from json_each_text(${JSON.stringify(input.memory)}::text::json)
              on conflict (tenant_id, key) do update set value = excluded.value, updated_at = excluded.updated_at`;
          }
          let ids: string[] = [];
          if (input.outbox.length) {
            const rows = await q`
              insert into outbox (tenant_id, message_id, chat_id, body, quoted_message_id, send_key)
              select ${tenantId}, ${input.messageId}, o.chat_id, o.body, o.quoted_message_id, o.send_key
                from json_to_recordset(${JSON.stringify(
                  input.outbox.map((o) => ({
                    chat_id: o.chatId,
                    body: o.body,
                    quoted_message_id: o.quotedMessageId ?? null,
                    send_key: o.sendKey,
                  })),
                )}::text::json) as o(chat_id text, body text, quoted_message_id text, send_key text)
              on conflict (tenant_id, send_key) do nothing
              returning id`;
            ids = rows.map((r) => String(r.id));
          }
          await q`
            update inbound_messages set status = ${input.status}, error = ${input.error ?? null}, processed_at = ${now()}, lease_until = null
             where tenant_id = ${tenantId} and id = ${input.messageId}`;
          if (input.mergedMessageIds?.length) {
            await q`
              update inbound_messages set status = 'done', merged_into = ${input.messageId}::uuid, processed_at = ${now()}, lease_until = null
               where tenant_id = ${tenantId} and status = 'processing'
                 and id in (select value::uuid from json_array_elements_text(${JSON.stringify(input.mergedMessageIds)}::text::json))`;
          }
          return ids;
        }),

      takeOutbox: (limit, messageId) =>
        tx(async (q) => {
          const t = now();
          const rows = await q`
            update outbox set status = 'sending', attempts = attempts + 1, next_attempt_at = ${new Date(t.getTime() + SENDING_LEASE_MS)}
             where id in (
               select id from outbox
                where tenant_id = ${tenantId} and status in ('pending', 'sending') and next_attempt_at <= ${t}
                  and (${messageId ?? null}::uuid is null or message_id = ${messageId ?? null}::uuid)
                order by created_at
                limit ${limit}
                for update skip locked)
            returning *`;
          return rows.map(toOutbox);
        }),

      completeOutbox: (id, outcome) =>
        tx(async (q) => {
          if (outcome.sent) {
            await q`update outbox set status = 'sent', provider_message_id = ${outcome.providerMessageId}, sent_at = ${now()}, last_error = null
                     where tenant_id = ${tenantId} and id = ${id}`;
          } else {
            await q`update outbox set status = ${outcome.retryAt ? 'pending' : 'failed'}, last_error = ${outcome.error},
                            next_attempt_at = ${outcome.retryAt ?? now()}
                     where tenant_id = ${tenantId} and id = ${id}`;
          }
        }),

      markMessage: (messageId, status, error) =>
        tx(async (q) => {
          await q`update inbound_messages set status = ${status}, error = ${error ?? null}, processed_at = ${now()}, lease_until = null
                   where tenant_id = ${tenantId} and id = ${messageId}`;
        }),

      createPendingAction: (a) =>
        tx(async (q) => {
          const [row] = await q`
            insert into pending_actions (tenant_id, chat_id, tool, args, args_digest, expires_at, created_at)
            values (${tenantId}, ${a.chatId}, ${a.tool}, ${JSON.stringify(a.args ?? {})}::text::jsonb, ${a.argsDigest}, ${a.expiresAt}, ${now()})
            returning *`;
          return toPending(row!);
        }),

      takePendingAction: (chatId, at) =>
        tx(async (q) => {
          const [row] = await q`
            update pending_actions set consumed_at = ${at}
             where id = (select id from pending_actions
                          where tenant_id = ${tenantId} and chat_id = ${chatId} and consumed_at is null and expires_at > ${at}
                          order by created_at desc limit 1 for update skip locked)
            returning *`;
          return row ? toPending(row) : null;
        }),

      setSenderOptOut: (chatId, optedOut) =>
        tx(async (q) => {
          await q`update whatsapp_senders set opted_out = ${optedOut} where tenant_id = ${tenantId} and chat_id = ${chatId}`;
        }),

      chatTurnState: (chatId, messageId, windowSeconds) =>
        tx(async (q): Promise<ChatTurnState> => {
          const t = now();
          const recentFailure = new Date(t.getTime() - 10 * 60_000);
          const [row] = await q`
            with me as (
              select id, status, merged_into, wa_timestamp, id_message from inbound_messages
               where tenant_id = ${tenantId} and id = ${messageId}::uuid
            )
            select me.status, me.merged_into,
              (select count(*)::int from inbound_messages o
                where o.tenant_id = ${tenantId} and o.chat_id = ${chatId} and o.id <> me.id and o.merged_into is null
                  and (o.wa_timestamp, o.id_message) < (me.wa_timestamp, me.id_message)
                  and ((o.status = 'processing' and o.lease_until > ${t}) or o.status = 'received'
                       or (o.status = 'failed' and o.received_at > ${recentFailure}))) as earlier_open,
              (select coalesce(json_agg(json_build_object('id', f.id, 'waTimestamp', f.wa_timestamp, 'content', f.content)
                                        order by f.wa_timestamp, f.id_message), '[]'::json)
                 from inbound_messages f
                where f.tenant_id = ${tenantId} and f.chat_id = ${chatId} and f.id <> me.id and f.merged_into is null
                  and f.status = 'processing' and f.content is not null
                  and (f.wa_timestamp, f.id_message) > (me.wa_timestamp, me.id_message)
                  and f.wa_timestamp <= me.wa_timestamp + ${windowSeconds}) as followers
            from me`;
          if (!row) throw new AppError('not_found', 'Message not visible');
          return {
            selfStatus: row.status as MessageStatus,
            mergedInto: row.merged_into ? String(row.merged_into) : null,
            earlierOpen: Number(row.earlier_open),
            followers: row.followers as ChatTurnState['followers'],
          };
        }),

      memberRole: (userId) =>
        tx(async (q) => {
          const [row] =
            await q`select role from tenant_members where tenant_id = ${tenantId} and user_id = ${userId}::uuid`;
          return row ? (String(row.role) as MemberRole) : null;
        }),

      pauseChat: (chatId, until) =>
        tx(async (q) => {
          await q`
            insert into sessions (tenant_id, chat_id, paused_until, updated_at) values (${tenantId}, ${chatId}, ${until}, ${now()})
            on conflict (tenant_id, chat_id) do update set paused_until = excluded.paused_until, updated_at = excluded.updated_at`;
        }),
    };
  };

  return {
    resolveTenantByInstance: (idInstance) =>
      asRole('service_role', null, async (q) => {
        const [row] = await q`select id, status from tenants where green_api_instance_id = ${idInstance}`;
        return row ? { id: String(row.id), status: row.status as 'active' | 'disabled' } : null;
      }),
    listActiveInstances: () =>
      asRole('service_role', null, async (q) => {
        const rows =
          await q`select id, green_api_instance_id from tenants where status = 'active' order by id`;
        return rows.map((r) => ({ tenantId: String(r.id), idInstance: String(r.green_api_instance_id) }));
      }),
    forTenant,
    roundTrips: counter.count,
    close: () => sql.end({ timeout: 2 }),
  };
}

async function insertAudit(q: SqlTag, tenantId: string, rows: AuditEntry[]): Promise<void> {
  if (!rows.length) return;
  const payload = rows.map((r) => ({
    message_id: r.messageId,
    actor: r.actor,
    action: r.action,
    target_entity: r.targetEntity,
    target_id: r.targetId,
    args_digest: r.argsDigest,
    result: r.result,
    latency_ms: Math.max(0, Math.round(r.latencyMs)),
    detail: r.detail ?? null,
  }));
  await q`
    insert into max_logs (tenant_id, message_id, actor, action, target_entity, target_id, args_digest, result, latency_ms, detail)
    select ${tenantId}, a.message_id, a.actor, a.action, a.target_entity, a.target_id, a.args_digest, a.result, a.latency_ms, a.detail
      from jsonb_to_recordset(${JSON.stringify(payload)}::text::jsonb)
        as a(message_id uuid, actor text, action text, target_entity text, target_id text, args_digest text, result text,
             latency_ms int, detail jsonb)`;
}
