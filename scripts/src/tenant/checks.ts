import { type CliCommand, checkLine } from './command.ts';

/** The tenant's checks, one line each (`doctor` is the same command). */
export const checks: CliCommand = {
  name: 'checks',
  usage:
    "checks <id> [--fix] (or doctor)   secrets, CRM reachable, auth, admin rights, tenant field, the CRM's locale,\n                                     instance state, senders; --fix sets a dedicated CRM's currencies, time zone\n                                     and language from the tenant's country again",
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const a = await ctx.run({
      action: 'tenant.checks',
      tenantId: id,
      ...(ctx.values.fix ? { fix: 'locale' } : {}),
    });
    ctx.print(a, (b) => {
      const lines = (b.checks as Parameters<typeof checkLine>[0][]).map(checkLine);
      return [
        ...lines,
        b.ok ? `✔ ${id}: every required check passes` : `✘ ${id}: fix the lines marked ✘`,
      ].join('\n');
    });
    if ('body' in a && a.status < 400 && !a.body.ok) process.exitCode = 1;
  },
};
