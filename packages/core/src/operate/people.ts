import { checkPhone } from '../crm/phone.ts';
import { AppError } from '../shared/errors.ts';
import { operatorDbError } from './db-errors.ts';
import type { Actor, OperateDeps } from './deps.ts';
import { assertTenantAllowed, mustReadTenant } from './tenants.ts';

/** A phone number (read in the tenant's country when national) or a chat id, as WhatsApp's chat id. */
export function chatIdOf(phone: string, region: string): string {
  if (phone.includes('@')) {
    if (!/^[0-9]{5,20}@c\.us$/.test(phone)) throw new AppError('validation', `${phone} is not a chat id`);
    return phone;
  }
  const p = checkPhone(phone, region);
  if (!p.ok)
    throw new AppError('validation', `${phone} is not a valid phone number in ${region} (${p.problem})`, {
      details: { field: 'phone', problem: p.problem },
    });
  return `${p.e164.slice(1)}@c.us`;
}

/** Registers (or changes) a WhatsApp number allowed to talk to MAX for the tenant. */
export async function setSender(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  phone: string,
  o: { role: 'admin' | 'member'; name?: string | undefined; userId?: string | undefined },
): Promise<{ chatId: string; role: string }> {
  assertTenantAllowed(actor, tenantId);
  const tenant = await mustReadTenant(ops, tenantId);
  const chatId = chatIdOf(phone, tenant.defaultCountry);
  try {
    await ops.sql('sender_set', async (sql) => {
      await sql`
        insert into whatsapp_senders (tenant_id, chat_id, role, display_name)
        values (${tenantId}, ${chatId}, ${o.role}, ${o.name ?? null})
        on conflict (tenant_id, chat_id) do update
          set role = excluded.role, display_name = coalesce(excluded.display_name, whatsapp_senders.display_name)`;
      if (o.userId)
        await sql`update whatsapp_senders set user_id = ${o.userId} where tenant_id = ${tenantId} and chat_id = ${chatId}`;
    });
  } catch (e) {
    throw operatorDbError(e);
  }
  return { chatId, role: o.role };
}

export async function removeSender(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  phone: string,
): Promise<{ chatId: string; removed: boolean }> {
  assertTenantAllowed(actor, tenantId);
  const tenant = await mustReadTenant(ops, tenantId);
  const chatId = chatIdOf(phone, tenant.defaultCountry);
  const rows = await ops.sql('sender_remove', (sql) =>
    Promise.resolve(
      sql`delete from whatsapp_senders where tenant_id = ${tenantId} and chat_id = ${chatId} returning chat_id`,
    ),
  );
  return { chatId, removed: rows.length === 1 };
}

/** A person signed in with Supabase Auth gets a role in the tenant (web chat, dashboard). */
export async function setMember(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  userId: string,
  role: 'owner' | 'admin' | 'member' | 'viewer',
): Promise<{ userId: string; role: string }> {
  assertTenantAllowed(actor, tenantId);
  await mustReadTenant(ops, tenantId);
  await ops.sql('member_set', async (sql) => {
    await sql`
      insert into tenant_members (tenant_id, user_id, role) values (${tenantId}, ${userId}, ${role})
      on conflict (tenant_id, user_id) do update set role = excluded.role`;
  });
  return { userId, role };
}

export async function removeMember(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  userId: string,
): Promise<{ userId: string; removed: boolean }> {
  assertTenantAllowed(actor, tenantId);
  await mustReadTenant(ops, tenantId);
  const rows = await ops.sql('member_remove', (sql) =>
    Promise.resolve(
      sql`delete from tenant_members where tenant_id = ${tenantId} and user_id = ${userId} returning user_id`,
    ),
  );
  return { userId, removed: rows.length === 1 };
}
