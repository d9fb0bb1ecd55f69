import type { CliCommand } from './command.ts';

/** Asks for a disabled tenant's deletion: its rows go after the grace period. */
export const deleteTenant: CliCommand = {
  name: 'delete',
  usage:
    'delete <id>                        a disabled tenant: every row MAX holds goes after the grace period (activate cancels)',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    ctx.print(await ctx.run({ action: 'tenant.delete', tenantId: id }), (b) => {
      const d = b.deletion as { purgeAfter: string; stays: { inYourCrm: string; inMax: string } };
      return `✔ ${id} will be purged after ${d.purgeAfter}\n  ${d.stays.inYourCrm}\n  ${d.stays.inMax}`;
    });
  },
};
