import { ACTION_SCOPE, type AdminCommand, IDEMPOTENT_ACTIONS } from '../../queue/admin-commands.ts';
import type { AdminRequest } from '../../queue/jobs.ts';
import { AppError, describeError, toHttp } from '../../shared/errors.ts';
import type { Actor, OperateDeps } from '../deps.ts';
import { onceForKey } from '../idempotency.ts';
import { recordOperatorCall } from '../operator-audit.ts';
import { authenticateOperatorKey } from '../operator-keys.ts';
import type { AdminAnswer } from './answer.ts';
import { adminHandlers } from './registry.ts';

/** The tenant a command is about (a create's is in its body). */
export const commandTenant = (c: AdminCommand): string | null =>
  c.action === 'tenant.create' ? c.body.id : 'tenantId' in c ? c.tenantId : null;

/**
 * Runs one command for an actor: the handler, the tenant check, the idempotency of creates, and one
 * operator_audit row however it ends. Errors are answers (toHttp), never thrown.
 */
export async function runCommand(
  ops: OperateDeps,
  actor: Actor,
  command: AdminCommand,
  idempotencyKey?: string,
): Promise<AdminAnswer> {
  const tenantId = commandTenant(command);
  let answer: AdminAnswer;
  try {
    const handler = adminHandlers[command.action] as (
      o: OperateDeps,
      a: Actor,
      c: AdminCommand,
    ) => Promise<AdminAnswer>;
    const run = () => handler(ops, actor, command);
    answer =
      idempotencyKey && IDEMPOTENT_ACTIONS.has(command.action)
        ? await onceForKey(
            (name, f) => ops.sql(name, f),
            { actor: actor.name, key: idempotencyKey, action: command.action, input: command },
            async () => {
              const a = await run();
              if (!('body' in a)) throw new AppError('internal', 'an idempotent create answers JSON');
              return a;
            },
          )
        : await run();
  } catch (e) {
    const http = toHttp(e);
    if (http.status >= 500)
      ops.logger.error('operator.failed', { action: command.action, ...describeError(e) });
    answer = { status: http.status, body: http.body };
  }
  await ops
    .sql('operator_audit', (sql) =>
      recordOperatorCall(sql, actor, {
        action: command.action,
        tenantId,
        result: answer.status < 400 ? 'ok' : answer.status === 403 ? 'denied' : 'error',
        status: answer.status,
        ...(answer.status >= 400 && 'body' in answer
          ? { detail: { code: (answer.body.error as { code?: string } | undefined)?.code ?? null } }
          : {}),
        ...('body' in answer && answer.body.replayed ? { detail: { replayed: true } } : {}),
      }),
    )
    .catch((e) => ops.logger.error('operator.audit_failed', { action: command.action, ...describeError(e) }));
  return answer;
}

/**
 * An operator's API call, as the agent receives it from the Worker: the key (unknown, revoked or
 * wrong: 401, one answer for all three), its scope (403), then runCommand.
 */
export async function runAdmin(ops: OperateDeps, job: AdminRequest): Promise<AdminAnswer> {
  const key = await ops.sql('operator_key', (sql) => authenticateOperatorKey(sql, job.key));
  const actor: Actor = {
    via: 'api',
    name: key ? `key:${key.id}` : 'key:?',
    requestId: job.requestId,
    tenants: key ? key.tenantIds : [],
  };
  const deny = async (code: 'unauthorized' | 'forbidden', message: string) => {
    const http = toHttp(
      new AppError(code, message, {
        details: { refused: code === 'unauthorized' ? 'operator_key' : 'scope' },
      }),
    );
    await ops
      .sql('operator_audit', (sql) =>
        recordOperatorCall(sql, actor, {
          action: job.command.action,
          tenantId: commandTenant(job.command),
          result: 'denied',
          status: http.status,
          detail: { code, keyId: job.key.id },
        }),
      )
      .catch((e) => ops.logger.error('operator.audit_failed', describeError(e)));
    return { status: http.status, body: http.body };
  };
  if (!key) return deny('unauthorized', 'Unknown or revoked operator key');
  const scope = ACTION_SCOPE[job.command.action];
  if (!key.scopes.includes(scope)) return deny('forbidden', `This key lacks the scope ${scope}`);
  return runCommand(ops, actor, job.command, job.idempotencyKey);
}
