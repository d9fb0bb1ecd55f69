import type { CliCommand } from './command.ts';
import type { CliContext } from './context.ts';

const grace = (ctx: CliContext) => {
  const raw = ctx.values['grace-hours'];
  if (raw === undefined) return {};
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0
    ? { graceHours: n }
    : ctx.fail('--grace-hours must be a whole number of hours');
};

const printed = (id: string) => (b: Record<string, unknown>) => {
  const r = b.rotation as { service: string; state: string; graceUntil: string | null };
  return r.state === 'grace'
    ? `✔ ${id}: the new ${r.service} credential was accepted and is in use; the previous one stays a fallback until ${r.graceUntil}`
    : `✔ ${id}: the new ${r.service} credential was accepted and is in use; the previous one is dropped`;
};

/** Rotates the tenant's CRM API key (and HMAC secret) without downtime. */
export const rotateCrm: CliCommand = {
  name: 'rotate-crm',
  usage:
    'rotate-crm <id> --api-key K [--hmac-secret S] [--grace-hours 24]   validate the new CRM key, switch, keep the old one as a fallback',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const apiKey = ctx.need(ctx.values['api-key'] as string | undefined, '--api-key');
    const secret = ctx.values['hmac-secret'] as string | undefined;
    ctx.print(
      await ctx.run({
        action: 'rotation.crm',
        tenantId: id,
        body: { apiKey, ...(secret ? { hmacSecret: secret } : {}), ...grace(ctx) },
      }),
      printed(id),
    );
  },
};

/** Rotates the tenant's Green-API instance token without downtime. */
export const rotateGreenApi: CliCommand = {
  name: 'rotate-greenapi',
  usage: 'rotate-greenapi <id> --token T [--grace-hours 24]   the same for the Green-API instance token',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const token = ctx.need(ctx.values.token as string | undefined, '--token');
    ctx.print(
      await ctx.run({ action: 'rotation.greenapi', tenantId: id, body: { token, ...grace(ctx) } }),
      printed(id),
    );
  },
};
