import type { Actor, OperateDeps } from '../deps.ts';
import { METRICS, type Metric, readPlan, tenantUsage } from './usage.ts';

export interface StatementLine {
  metric: Metric;
  used: number;
  /** What the plan includes (null: unlimited). */
  included: number | null;
  /** Beyond what is included (usage the operator let through by lifting the limit). */
  over: number;
  unitCents: number | null;
  amountCents: number;
}

/**
 * A tenant's monthly statement, what an invoice is made from: the plan and its price, the usage of
 * each metric against what the plan includes, the overage and what it costs.
 */
export async function monthlyStatement(ops: OperateDeps, actor: Actor, tenantId: string, month: string) {
  const usage = await tenantUsage(ops, actor, tenantId, month);
  const plan = await readPlan(ops, usage.plan?.id ?? null);
  const lines: StatementLine[] = METRICS.map((metric) => {
    const used = usage.totals[metric];
    const included = plan?.limits[metric] ?? null;
    const over = included === null ? 0 : Math.max(0, used - included);
    const unitCents = plan?.overageCents[metric] ?? null;
    return { metric, used, included, over, unitCents, amountCents: Math.round(over * (unitCents ?? 0)) };
  });
  const base = plan?.monthlyPriceCents ?? 0;
  const overage = lines.reduce((s, l) => s + l.amountCents, 0);
  return {
    tenantId,
    month,
    generatedAt: ops.clock.now().toISOString(),
    plan: plan ? { id: plan.id, name: plan.name, monthlyPriceCents: plan.monthlyPriceCents } : null,
    currency: plan?.currency ?? 'EUR',
    lines,
    overLimits: lines.filter((l) => l.over > 0).map((l) => l.metric),
    baseCents: base,
    overageCents: overage,
    totalCents: base + overage,
    limitsLiftedUntil: usage.limitsLiftedUntil,
  };
}
