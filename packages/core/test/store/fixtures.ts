import type {
  BeginTurnInput,
  BeginTurnResult,
  CommitTurnInput,
  CommitTurnResult,
  Store,
  TurnRef,
} from '@max/core';
import type { Sql } from 'postgres';
import { expect } from 'vitest';
import { INSTANCES } from './seed.ts';

/** Helpers for the store's unit tests: fresh conversations, inputs with defaults, owner-side time travel. */

export type Claimed = Extract<BeginTurnResult, { outcome: 'claimed' }>;

let seq = 0;
const next = () => ++seq;

/** A WhatsApp id nobody used yet in this file: each test gets its own conversation. */
export const freshPhone = (): string => `3369${String(next()).padStart(7, '0')}@c.us`;
export const freshGroup = (): string => `1203630${String(next()).padStart(8, '0')}@g.us`;
export const freshIdMessage = (): string => `WAMID-${next()}`;

/** A known sender of `tenant` (a row in whatsapp_senders). */
export async function addSender(admin: Sql, tenant: string, chatId = freshPhone()): Promise<string> {
  await admin`insert into whatsapp_senders (tenant_id, chat_id, role) values (${tenant}, ${chatId}, 'member')`;
  return chatId;
}

/** A third tenant with its own instance and settings (as the owner). */
export async function addTenant(
  admin: Sql,
  id: string,
  instance: string,
  settings: {
    groups_enabled?: boolean;
    chat_messages_per_minute?: number;
    status?: 'active' | 'disabled';
  } = {},
): Promise<void> {
  await admin`
    insert into tenants (id, name, green_api_instance_id, green_api_url, crm_base_url, groups_enabled,
                         chat_messages_per_minute, status)
    values (${id}, ${`Tenant ${id}`}, ${instance}, 'http://127.0.0.1:8091', 'http://127.0.0.1:8090',
            ${settings.groups_enabled ?? false}, ${settings.chat_messages_per_minute ?? 20}, ${settings.status ?? 'active'})`;
}

/** A WhatsApp begin for alpha with no burst wait; override what the test is about. */
export function whatsapp(over: Partial<BeginTurnInput> & { chatId: string }): BeginTurnInput {
  return {
    instance: INSTANCES.alpha,
    channel: 'whatsapp',
    idMessage: freshIdMessage(),
    senderId: over.chatId,
    sessionKey:
      over.senderId && over.senderId !== over.chatId ? `${over.chatId}/${over.senderId}` : over.chatId,
    typeMessage: 'textMessage',
    waTimestamp: 1_780_000_000 + next(),
    requestId: 'req-test',
    content: { kind: 'text', text: 'bonjour' },
    leaseMs: 60_000,
    settleMs: 0,
    burstWindowMs: 0,
    burstMaxWaitMs: 0,
    ...over,
  };
}

/** Narrows a commit to `committed`, failing with what it was instead. */
export async function committed(r: Promise<CommitTurnResult>) {
  const out = await r;
  if (out.kind !== 'committed') throw new Error(`expected committed, got ${JSON.stringify(out)}`);
  return out;
}

/** Narrows a begin to `claimed`, failing with what it was instead. */
export function claimed(r: BeginTurnResult): Claimed {
  if (r.outcome !== 'claimed') throw new Error(`expected claimed, got ${JSON.stringify(r)}`);
  return r;
}

export const turnOf = (c: Claimed): TurnRef => ({
  tenantId: c.tenantId,
  messageId: c.messageId,
  attempt: c.attempt,
});

export function commitOf(c: Claimed, over: Partial<CommitTurnInput> = {}): CommitTurnInput {
  return {
    ...turnOf(c),
    status: 'done',
    outcome: 'answered',
    merged: [],
    audit: [],
    session: null,
    outbox: [],
    ...over,
  };
}

/** The worker holding the message died: its lease ran out (written as the owner). */
export async function expireLease(admin: Sql, messageId: string): Promise<void> {
  await admin`update inbound_messages set lease_until = now() - interval '1 second' where id = ${messageId}`;
}

/** The raw row, as the owner sees it (past RLS). */
export async function messageRow(admin: Sql, tenant: string, idMessage: string) {
  const [row] = await admin`
    select id, status, attempts, content, merged_into, error, outcome, started_at, claimed_at, lease_until, sender_id
      from inbound_messages where tenant_id = ${tenant} and id_message = ${idMessage}`;
  return row;
}

/** Asserts one unit of work cost exactly one statement, and returns its result. */
export async function oneRoundTrip<T>(store: Store, run: () => Promise<T>): Promise<T> {
  const before = store.roundTrips();
  const out = await run();
  expect(store.roundTrips() - before).toBe(1);
  return out;
}

/** Outbox rows of one message as the owner sees them. */
export async function outboxOf(admin: Sql, messageId: string) {
  return admin`select id, status, attempts, send_key, body, chat_id, quoted_message_id from outbox
                where message_id = ${messageId} order by created_at, send_key`;
}
