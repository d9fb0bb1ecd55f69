import { checkPhone } from '../crm/phone.ts';
import type { ConsoleOp } from '../queue/console-job.ts';
import { AppError } from '../shared/errors.ts';
import type { SqlQuery } from '../store/postgres/sql-client.ts';
import type { AuthAdmin } from './auth-admin.ts';

/**
 * The team changes an owner or admin makes in the console, each through a definer function of the
 * database that checks the person's role in tenant_members itself and audits the change (team_*),
 * run as the signed-in person: the console's code decides nothing about who may.
 */
type Op<K extends ConsoleOp['op']> = Extract<ConsoleOp, { op: K }>;

/** A number as WhatsApp's chat id, read in the tenant's country when national. */
async function chatIdOf(tx: SqlQuery, phone: string): Promise<string> {
  const [t] = await tx`select default_country from public.tenants`;
  if (!t) throw new AppError('forbidden', 'Not a member of this tenant');
  const p = checkPhone(phone, String(t.default_country));
  if (!p.ok)
    throw new AppError('validation', `Not a valid phone number (${p.problem})`, {
      details: { field: 'phone', problem: p.problem },
    });
  return `${p.e164.slice(1)}@c.us`;
}

export async function setSender(tx: SqlQuery, q: Op<'sender.set'>) {
  const chatId = await chatIdOf(tx, q.phone);
  const [r] = await tx`select public.team_set_sender(${chatId}, ${q.role}, ${q.name ?? null}) as out`;
  return { sender: { ...(r?.out as Record<string, unknown>), phone: `+${chatId.replace(/@c\.us$/, '')}` } };
}

export async function removeSender(tx: SqlQuery, q: Op<'sender.remove'>) {
  const chatId = await chatIdOf(tx, q.phone);
  const [r] = await tx`select public.team_remove_sender(${chatId}) as removed`;
  if (!r?.removed) throw new AppError('not_found', 'No such WhatsApp number in this team');
  return { removed: true };
}

export async function setMember(tx: SqlQuery, q: Op<'member.set'>) {
  const [r] = await tx`select public.team_set_member(${q.userId}::uuid, ${q.role}) as out`;
  return { member: r?.out as Record<string, unknown> };
}

export async function removeMember(tx: SqlQuery, q: Op<'member.remove'>) {
  const [r] = await tx`select public.team_remove_member(${q.userId}::uuid) as removed`;
  if (!r?.removed) throw new AppError('not_found', 'No such member in this team');
  return { removed: true };
}

/**
 * An invitation, in three steps so that no transaction waits on the network: the person's role is
 * checked first (a member or viewer never makes Supabase send mail), then Supabase Auth invites
 * the address (or finds its account), then the membership is written, as the person, by the same
 * definer function as a role change (which checks the role again).
 */
export async function inviteMember(
  asPerson: <R>(run: (tx: SqlQuery) => Promise<R>) => Promise<R>,
  q: Op<'member.invite'>,
  auth: AuthAdmin | undefined,
) {
  await asPerson(async (tx) => {
    const [me] = await tx`select public.current_member_role() as role`;
    if (me?.role !== 'owner' && me?.role !== 'admin')
      throw new AppError('forbidden', 'Only an owner or admin of this tenant invites people');
    if (q.role === 'owner' && me.role !== 'owner')
      throw new AppError('forbidden', 'Only an owner grants the owner role');
  });
  if (!auth) throw new AppError('unavailable', 'Invitations are not configured here');
  const { userId, invited } = await auth.invite(q.email, q.redirectTo);
  const member = await asPerson(async (tx) => {
    const [r] = await tx`select public.team_set_member(${userId}::uuid, ${q.role}) as out`;
    return r?.out as Record<string, unknown>;
  });
  return { member: { ...member, email: q.email }, invited };
}
