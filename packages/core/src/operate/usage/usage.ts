import { AppError } from '../../shared/errors.ts';
import type { SqlRow } from '../../store/postgres/sql-client.ts';
import type { Actor, OperateDeps } from '../deps.ts';
import { assertTenantAllowed, mustReadTenant } from '../tenants.ts';

/** The metrics, in the order statements list them. */
export const METRICS = [
  'messages_in',
  'messages_out',
  'model_calls',
  'prompt_tokens',
  'cached_tokens',
  'completion_tokens',
  'transcription_seconds',
  'crm_calls',
  'leads_created',
  'active_users',
] as const;
export type Metric = (typeof METRICS)[number];
export type Totals = Record<Metric, number>;

export interface Plan {
  id: string;
  name: string;
  limits: Partial<Record<Metric, number>>;
  monthlyPriceCents: number | null;
  overageCents: Partial<Record<Metric, number>>;
  currency: string;
}

/** `2026-12` → the first day of that month and of the next (UTC dates). */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

const num = (v: unknown) => Number(v ?? 0);

function totalsOf(days: readonly SqlRow[]): Totals {
  const t = Object.fromEntries(METRICS.map((m) => [m, 0])) as Totals;
  for (const d of days) {
    for (const m of METRICS) if (m !== 'active_users') t[m] += num(d[m]);
    t.active_users += num(d.new_month_users);
  }
  t.transcription_seconds = Math.round(t.transcription_seconds * 10) / 10;
  return t;
}

export async function readPlan(ops: OperateDeps, planId: string | null): Promise<Plan | null> {
  if (!planId) return null;
  const [p] = await ops.sql('plan_read', (sql) =>
    Promise.resolve(sql`select * from plans where id = ${planId}`),
  );
  if (!p) return null;
  return {
    id: String(p.id),
    name: String(p.name),
    limits: p.limits as Plan['limits'],
    monthlyPriceCents: p.monthly_price_cents === null ? null : num(p.monthly_price_cents),
    overageCents: p.overage_cents as Plan['overageCents'],
    currency: String(p.currency),
  };
}

/** A tenant's usage of a month: per day, the month's totals, and where it stands against its plan. */
export async function tenantUsage(ops: OperateDeps, actor: Actor, tenantId: string, month: string) {
  assertTenantAllowed(actor, tenantId);
  const tenant = await mustReadTenant(ops, tenantId);
  const { from, to } = monthRange(month);
  const days = await ops.sql('usage_read', (sql) =>
    Promise.resolve(sql`
      select * from tenant_usage where tenant_id = ${tenantId} and day >= ${from}::date and day < ${to}::date order by day`),
  );
  const totals = totalsOf(days);
  const plan = await readPlan(ops, tenant.plan);
  return {
    tenantId,
    month,
    plan: plan && { id: plan.id, name: plan.name },
    totals,
    limits: Object.entries(plan?.limits ?? {}).map(([metric, limit]) => ({
      metric,
      limit,
      used: totals[metric as Metric],
      percent: limit ? Math.round((totals[metric as Metric] / limit) * 1000) / 10 : null,
    })),
    limitsLiftedUntil: tenant.limitsLiftedUntil,
    blocked:
      tenant.planBlockedMonth === `${month}-01`
        ? { metric: tenant.planBlockedMetric, since: `${month}-01` }
        : null,
    days: days.map((d) => ({
      day: new Date(d.day as string).toISOString().slice(0, 10),
      ...Object.fromEntries(METRICS.map((m) => [m, m === 'active_users' ? num(d.active_users) : num(d[m])])),
    })),
  };
}

/** An operator moves a tenant to another plan (or none); the month's limits are judged again at once. */
export async function setTenantPlan(ops: OperateDeps, actor: Actor, tenantId: string, planId: string | null) {
  assertTenantAllowed(actor, tenantId);
  await mustReadTenant(ops, tenantId);
  if (planId && !(await readPlan(ops, planId))) throw new AppError('validation', `No plan ${planId}`);
  const blocked = await ops.sql('plan_set', (sql) =>
    sql.begin(async (tx) => {
      await tx`update tenants set plan_id = ${planId} where id = ${tenantId}`;
      const [r] = await tx`select public.plan_recheck(${tenantId}) as blocked`;
      return (r?.blocked as string | null) ?? null;
    }),
  );
  return { tenantId, plan: planId, limitReached: blocked };
}

/**
 * An operator lifts a tenant's limits until a moment (default: the end of the current UTC month;
 * null ends an earlier lift). MAX acts again at once; usage beyond the limits is overage.
 */
export async function liftLimits(ops: OperateDeps, actor: Actor, tenantId: string, until?: string | null) {
  assertTenantAllowed(actor, tenantId);
  await mustReadTenant(ops, tenantId);
  const now = ops.clock.now();
  const end =
    until === undefined
      ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString()
      : until === null
        ? null
        : new Date(until).toISOString();
  if (end && Date.parse(end) <= now.getTime())
    throw new AppError('validation', 'until must be in the future');
  const blocked = await ops.sql('limits_lift', (sql) =>
    sql.begin(async (tx) => {
      await tx`update tenants set limits_lifted_until = ${end}::timestamptz where id = ${tenantId}`;
      const [r] = await tx`select public.plan_recheck(${tenantId}) as blocked`;
      return (r?.blocked as string | null) ?? null;
    }),
  );
  return { tenantId, limitsLiftedUntil: end, limitReached: blocked };
}
