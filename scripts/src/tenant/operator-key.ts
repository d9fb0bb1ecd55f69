import { createOperatorKey, listOperatorKeys, parseScopes, revokeOperatorKey } from '@max/core';
import type { CliCommand } from './command.ts';

/** Keys for /api/admin: made here (shown once), listed, revoked. */
export const operatorKey: CliCommand = {
  name: 'operator-key',
  usage:
    'operator-key create --name N --scopes all|tenants:read,… [--tenants a,b] | list | revoke <key id>   keys for /api/admin',
  async run(ctx) {
    const [sub, arg] = ctx.args;
    if (sub === 'create') {
      const scopes = (() => {
        try {
          return parseScopes(ctx.need(ctx.values.scopes as string | undefined, '--scopes'));
        } catch (e) {
          return ctx.fail((e as Error).message);
        }
      })();
      const tenants =
        typeof ctx.values.tenants === 'string' ? ctx.values.tenants.split(',').map((t) => t.trim()) : null;
      const made = await createOperatorKey(ctx.sql, {
        name: ctx.need(ctx.values.name as string | undefined, '--name'),
        scopes,
        tenantIds: tenants,
        createdBy: ctx.actor.name,
      });
      console.log(
        `${made.key}\n(shown once: store it now; id ${made.id}, scopes ${scopes.join(',')}${tenants ? `, tenants ${tenants.join(',')}` : ''})`,
      );
      return;
    }
    if (sub === 'list') {
      console.table(
        (await listOperatorKeys(ctx.sql)).map((k) => ({
          ...k,
          scopes: k.scopes.join(','),
          tenantIds: k.tenantIds?.join(',') ?? 'all',
        })),
      );
      return;
    }
    if (sub === 'revoke') {
      const ok = await revokeOperatorKey(ctx.sql, ctx.need(arg, 'key id'));
      console.log(
        ok ? `✔ key ${arg} revoked: every call with it is refused from now on` : `✘ no active key ${arg}`,
      );
      if (!ok) process.exitCode = 1;
      return;
    }
    ctx.fail('operator-key create | list | revoke <id>');
  },
};
