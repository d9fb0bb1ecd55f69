import { toHex } from '../../shared/crypto.ts';
import type { Actor, OperateDeps } from '../deps.ts';
import { chatIdOf } from '../people.ts';
import { auditTenantStep } from '../tenant-audit.ts';
import { assertTenantAllowed, mustReadTenant } from '../tenants.ts';

export interface Erasure {
  /** What stands for the person from now on in what remains (counts, the audit). */
  pseudonym: string;
  messages: number;
  sessions: number;
  pendingActions: number;
  toolResults: number;
  replies: number;
  auditRows: number;
  senderRemoved: boolean;
}

/**
 * A person's erasure (a WhatsApp sender, on request): the text, transcripts and media links of
 * their messages, their conversations, confirmations and stored tool results, and the replies MAX
 * sent them are gone; their WhatsApp id becomes a pseudonym wherever a row stays (messages are
 * still counted, the audit keeps its rows). Their CRM records are the tenant's, in the CRM.
 */
export async function erasePerson(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  phone: string,
  o: { removeSender?: boolean | undefined } = {},
): Promise<Erasure> {
  assertTenantAllowed(actor, tenantId);
  const tenant = await mustReadTenant(ops, tenantId);
  const chatId = chatIdOf(phone, tenant.defaultCountry);
  const pseudonym = `erased:${toHex(crypto.getRandomValues(new Uint8Array(8)))}`;
  // Group conversations are keyed <group>/<member>.
  const inGroup = `%/${chatId}`;
  return ops.sql('erase_person', (sql) =>
    sql.begin(async (tx) => {
      const mine = await tx`
        select id from inbound_messages where tenant_id = ${tenantId} and (sender_id = ${chatId} or chat_id = ${chatId})`;
      const ids = `{${mine.map((r) => r.id).join(',')}}`;
      const tools = await tx`
        delete from tool_calls where tenant_id = ${tenantId} and message_id = any(${ids}::uuid[]) returning call_index`;
      const messages = await tx`
        update inbound_messages
           set content = null,
               chat_id = case when chat_id = ${chatId} then ${pseudonym} else chat_id end,
               sender_id = case when sender_id = ${chatId} then ${pseudonym} else sender_id end
         where tenant_id = ${tenantId} and id = any(${ids}::uuid[]) returning id`;
      const sessions = await tx`
        delete from sessions where tenant_id = ${tenantId} and (chat_id = ${chatId} or chat_id like ${inGroup}) returning chat_id`;
      const pending = await tx`
        delete from pending_actions where tenant_id = ${tenantId} and (chat_id = ${chatId} or chat_id like ${inGroup}) returning id`;
      const replies = await tx`
        update outbox set body = '[erased]', chat_id = ${pseudonym}, quoted_message_id = null
         where tenant_id = ${tenantId} and chat_id = ${chatId} returning id`;
      // The one change the audit allows for an erasure: the actor's WhatsApp id becomes the pseudonym.
      await tx`select set_config('max.erase_actor', ${chatId}, true)`;
      const audit = await tx`
        update max_logs set actor = ${pseudonym} where tenant_id = ${tenantId} and actor = ${chatId} returning id`;
      await tx`select set_config('max.erase_actor', '', true)`;
      const removed = o.removeSender
        ? (
            await tx`delete from whatsapp_senders where tenant_id = ${tenantId} and chat_id = ${chatId} returning chat_id`
          ).length > 0
        : false;
      if (!o.removeSender)
        await tx`update whatsapp_senders set preferred_name = null where tenant_id = ${tenantId} and chat_id = ${chatId}`;
      const erasure: Erasure = {
        pseudonym,
        messages: messages.length,
        sessions: sessions.length,
        pendingActions: pending.length,
        toolResults: tools.length,
        replies: replies.length,
        auditRows: audit.length,
        senderRemoved: removed,
      };
      await auditTenantStep(tx, tenantId, actor, 'person_erased', 'ok', { ...erasure });
      return erasure;
    }),
  );
}
