import type { CliCommand } from './command.ts';

/** A tenant's last health check and its incidents. */
export const health: CliCommand = {
  name: 'health',
  usage: 'health <id>                        the last health check (cron) and the incidents',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    ctx.print(await ctx.run({ action: 'tenant.health', tenantId: id }), (b) => {
      const h = b.health as { status: string; checkedAt: string } | null;
      const incidents = b.incidents as Array<{
        component: string;
        openedAt: string;
        resolvedAt: string | null;
        detail: string;
      }>;
      return [
        h
          ? `${id}: ${h.status} (checked ${h.checkedAt})`
          : `${id}: not checked yet (the cron checks active tenants every 10 minutes)`,
        ...incidents.map(
          (i) =>
            `  ${i.resolvedAt ? '✔' : '✘'} ${i.component} ${i.openedAt}${i.resolvedAt ? ` → ${i.resolvedAt}` : ' (open)'}: ${i.detail}`,
        ),
      ].join('\n');
    });
  },
};
