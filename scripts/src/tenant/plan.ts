import { type CliCommand, tenantAnd } from './command.ts';

/** Moves a tenant to a plan (plans: users-5, users-20, users-unlimited, leads-1000, …; none). */
export const setPlan: CliCommand = {
  name: 'set-plan',
  usage: 'set-plan <id> <plan|none>           plans are rows of `plans` (users-5, users-20, leads-1000, …)',
  async run(ctx) {
    const [id, plan] = tenantAnd(ctx, 'plan');
    ctx.print(
      await ctx.run({ action: 'plan.set', tenantId: id, body: { plan: plan === 'none' ? null : plan } }),
      (b) =>
        `✔ ${id} is on ${b.plan ?? 'no plan'}${b.limitReached ? ` (limit reached: ${b.limitReached})` : ''}`,
    );
  },
};

/** Lifts a tenant's limits (default: until the end of the month; `none` ends a lift). */
export const liftLimits: CliCommand = {
  name: 'lift-limits',
  usage:
    'lift-limits <id> [--until ISO|none]  MAX acts again beyond the plan (overage) until then (default: month end)',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const until = ctx.values.until as string | undefined;
    const body = until === undefined ? {} : { until: until === 'none' ? null : until };
    ctx.print(await ctx.run({ action: 'limits.lift', tenantId: id, body }), (b) =>
      b.limitsLiftedUntil
        ? `✔ ${id}: limits lifted until ${b.limitsLiftedUntil}`
        : `✔ ${id}: limits enforced again`,
    );
  },
};
