import { type CliCommand, monthOption } from './command.ts';

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;

/** What an invoice is made from: the plan, usage against it, the overage. */
export const statement: CliCommand = {
  name: 'statement',
  usage: 'statement <id> [--month 2026-12]  the monthly statement: plan, usage against it, overage',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const month = monthOption(ctx);
    ctx.print(await ctx.run({ action: 'statement.get', tenantId: id, month }), (b) => {
      const plan = b.plan as { id: string; name: string } | null;
      const cur = String(b.currency);
      const lines = [`Statement ${id} ${month} — plan ${plan ? `${plan.id} (${plan.name})` : 'none'}`];
      for (const l of b.lines as Array<{
        metric: string;
        used: number;
        included: number | null;
        over: number;
        amountCents: number;
      }>)
        lines.push(
          `  ${l.metric.padEnd(22)} used ${String(l.used).padStart(8)}  included ${String(l.included ?? '∞').padStart(6)}  over ${String(l.over).padStart(6)}${l.amountCents ? `  ${money(l.amountCents, cur)}` : ''}`,
        );
      lines.push(
        `  base ${money(Number(b.baseCents), cur)} + overage ${money(Number(b.overageCents), cur)} = ${money(Number(b.totalCents), cur)}`,
      );
      return lines.join('\n');
    });
  },
};
