import { type CliCommand, checkLine } from './command.ts';

/** The tenant's checks, one line each (`doctor` is the same command). */
export const checks: CliCommand = {
  name: 'checks',
  usage:
    'checks <id> (or doctor <id>)      secrets, CRM reachable, auth, admin rights, tenant field, instance state, senders',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const a = await ctx.run({ action: 'tenant.checks', tenantId: id });
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
