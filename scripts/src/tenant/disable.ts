import type { CliCommand } from './command.ts';

/** A tenant MAX stops answering for (its data kept). */
export const disable: CliCommand = {
  name: 'disable',
  usage: 'disable <id>',
  async run(ctx) {
    ctx.print(
      await ctx.run({ action: 'tenant.disable', tenantId: ctx.need(ctx.args[0], 'tenant id') }),
      (b) => {
        const t = b.tenant as { id: string };
        return `✔ ${t.id} disabled`;
      },
    );
  },
};
