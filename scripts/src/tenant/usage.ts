import { type CliCommand, monthOption } from './command.ts';

/** A tenant's usage of a month, against its plan. */
export const usage: CliCommand = {
  name: 'usage',
  usage:
    'usage <id> [--month 2026-12]      messages, model calls and tokens, transcription, CRM calls, leads, active users',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const month = monthOption(ctx);
    ctx.print(await ctx.run({ action: 'usage.get', tenantId: id, month }), (b) => {
      const totals = b.totals as Record<string, number>;
      const limits = b.limits as Array<{ metric: string; limit: number; used: number; percent: number }>;
      const plan = b.plan as { id: string; name: string } | null;
      const lines = [`${id}, ${month}${plan ? `, plan ${plan.id} (${plan.name})` : ', no plan'}`];
      for (const [metric, n] of Object.entries(totals)) {
        const l = limits.find((x) => x.metric === metric);
        lines.push(
          `  ${metric.padEnd(22)} ${String(n).padStart(10)}${l ? `  of ${l.limit} (${l.percent} %)` : ''}`,
        );
      }
      const blocked = b.blocked as { metric: string } | null;
      if (blocked) lines.push(`  ⛔ limit reached (${blocked.metric}): MAX answers but does not act`);
      if (b.limitsLiftedUntil) lines.push(`  limits lifted until ${b.limitsLiftedUntil}`);
      return lines.join('\n');
    });
  },
};
