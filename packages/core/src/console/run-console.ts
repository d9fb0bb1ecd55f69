import type { ConsoleJob } from '../queue/console-job.ts';
import { AppError, isAppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { Store } from '../store/port.ts';
import type { AuthAdmin } from './auth-admin.ts';
import { activity, forgetMemory, me, memory, pending, setMemory, team } from './queries.ts';
import { inviteMember, removeMember, removeSender, setMember, setSender } from './team-ops.ts';
import { chooseTenant, health, myTenants, usage } from './tenant-ops.ts';

/** SQLSTATEs a person's request can meet, as PostgREST would answer them. */
function personError(e: unknown): unknown {
  const state = isAppError(e) ? (e.details?.sqlstate as string | undefined) : undefined;
  if (!state) return e;
  if (state === '42501') return new AppError('forbidden', 'Not allowed for your role in this tenant');
  if (state.startsWith('22') || state.startsWith('23'))
    return new AppError(
      'validation',
      state === '23514' ? 'Refused by a limit of this tenant (50 entries at most)' : 'Invalid value',
    );
  return new AppError('internal', 'Database refused the request');
}

/**
 * The console API (forwarded by the Worker once it has verified the person's token): one request,
 * run as that person in one transaction; the answer is the JSON the page shows.
 */
export async function runConsole(
  store: Store,
  job: ConsoleJob,
  log: Logger,
  auth?: AuthAdmin,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const q = job.request;
  try {
    const body =
      q.op === 'member.invite'
        ? await inviteMember((run) => store.asPerson(q.op, job.claims, run), q, auth)
        : await store.asPerson(q.op, job.claims, async (tx) => {
            switch (q.op) {
              case 'me':
                return me(tx);
              case 'activity':
                return activity(tx, q);
              case 'team':
                return team(tx);
              case 'memory':
                return memory(tx);
              case 'memory.set':
                return setMemory(tx, q);
              case 'memory.forget':
                return forgetMemory(tx, q);
              case 'pending':
                return pending(tx);
              case 'tenants':
                return myTenants(tx);
              case 'tenant.choose':
                return chooseTenant(tx, q);
              case 'usage':
                return usage(tx, q);
              case 'health':
                return health(tx);
              case 'sender.set':
                return setSender(tx, q);
              case 'sender.remove':
                return removeSender(tx, q);
              case 'member.set':
                return setMember(tx, q);
              case 'member.remove':
                return removeMember(tx, q);
            }
          });
    log.info('console.done', { op: q.op });
    return { status: 200, body: body as Record<string, unknown> };
  } catch (e) {
    const err = personError(e);
    log.info('console.refused', { op: q.op, code: isAppError(err) ? err.code : 'internal' });
    throw err;
  }
}
