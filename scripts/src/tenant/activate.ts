import { type CliCommand, checkLine } from './command.ts';

/** The last step of onboarding, or enabling a disabled tenant: its checks must pass. */
export const activate: CliCommand = {
  name: 'activate',
  usage:
    'activate <id>                      run the checks; active only if they pass (what to fix otherwise)',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const a = await ctx.run({ action: 'tenant.activate', tenantId: id });
    ctx.print(a, (b) => {
      const checks = (b.checks as { checks: Parameters<typeof checkLine>[0][] }).checks;
      return [...checks.map(checkLine), `✔ ${id} is active`].join('\n');
    });
    if ('body' in a && a.status === 422 && !ctx.values.json) {
      const details = (a.body.error as { details?: { checks?: Parameters<typeof checkLine>[0][] } }).details;
      for (const c of details?.checks ?? []) console.error(checkLine(c));
    }
  },
};
