import type { CliCommand } from './command.ts';

/** Every tenant, one row each (a table; --json as the API answers). */
export const list: CliCommand = {
  name: 'list',
  usage: 'list',
  async run(ctx) {
    const a = await ctx.run({ action: 'tenant.list' });
    if ('body' in a && a.status < 400 && !ctx.values.json) {
      const rows = a.body.tenants as Array<Record<string, unknown>>;
      console.table(
        rows.map((t) => ({
          id: t.id,
          name: t.name,
          status: t.status,
          instance: t.idInstance,
          crm: `${t.crmMode} ${t.crmBaseUrl}`,
          plan: t.plan ?? '',
        })),
      );
    } else ctx.print(a, () => '');
  },
};
