import { resolveFieldName } from '../../crm/field-name.ts';
import { isAppError } from '../../shared/errors.ts';
import { profileKey } from '../memory/keys.ts';
import { MEMORY_LIMITS } from '../memory/limits.ts';
import type { ToolContext, ToolOutcome } from '../types.ts';
import { type PlannedField, type SetupPlan, storedName } from './plan.ts';

/** Where the sector is kept in the tenant's memory: the profile's sector (memory/keys.ts). */
export const SECTOR_MEMORY_KEY = profileKey('sector');

interface Progress {
  created: string[];
  existing: string[];
  failed: Array<{ field: string; code: string }>;
  layouts: string[];
  labels: Record<string, string>;
}

/** A definite refusal (bad name, no admin right) is reported per field; anything else is retried. */
function refusal(e: unknown): string {
  if (isAppError(e) && !e.retryable) return e.code;
  throw e;
}

/** An enum gets an empty first option, so a record can stay unset instead of taking the first value. */
function fieldDef(f: PlannedField) {
  const options = f.type === 'enum' && f.options ? ['', ...f.options] : f.options;
  return {
    name: f.name,
    type: f.type,
    label: f.label,
    ...(options ? { options } : {}),
    ...(f.type === 'enum' ? { default: '' } : {}),
  };
}

async function applyField(ctx: ToolContext, f: PlannedField, p: Progress): Promise<void> {
  const live = await ctx.crm.fields(f.entity);
  // Idempotent: a field that already exists (custom, or a core one of that name) is left as it is.
  let name = resolveFieldName(live, f.name) ?? resolveFieldName(live, storedName(f.name));
  const key = `${f.entity}.${name ?? storedName(f.name)}`;
  p.labels[key] = f.label;
  if (name) p.existing.push(key);
  else {
    try {
      const res = await ctx.crm.createField(f.entity, fieldDef(f));
      name = res.name;
      (res.created ? p.created : p.existing).push(`${f.entity}.${name}`);
    } catch (e) {
      p.failed.push({ field: key, code: refusal(e) });
      return;
    }
  }
  try {
    const res = await ctx.crm.addFieldToLayouts(f.entity, name, f.layouts ?? ['detail']);
    for (const layout of res.changed) p.layouts.push(`${f.entity}.${layout}`);
  } catch (e) {
    p.failed.push({ field: `${f.entity}.${name} (layout)`, code: refusal(e) });
  }
}

/**
 * Applies a confirmed plan: each field is created once (an existing one is left as is) and put on
 * its layouts once; then, when anything changed, the cache is cleared and the CRM rebuilt; the
 * fields created are read back from the metadata and the CRM's health is checked. The sector goes to
 * the tenant's memory (committed with the turn) and the plan and its result to the audit row.
 */
export async function applyPlan(ctx: ToolContext, plan: SetupPlan): Promise<ToolOutcome> {
  const p: Progress = { created: [], existing: [], failed: [], layouts: [], labels: {} };
  for (const f of plan.fields) await applyField(ctx, f, p);
  const rebuilt = p.created.length > 0 || p.layouts.length > 0;
  if (rebuilt) {
    await ctx.crm.clearCache();
    await ctx.crm.rebuild();
  }
  // What was created must now be in the CRM's metadata (the Field Manager dropped the cached copy).
  const entities = [...new Set(plan.fields.map((f) => f.entity))];
  for (const entity of entities) {
    const mine = p.created.filter((k) => k.startsWith(`${entity}.`));
    if (!mine.length) continue;
    const live = await ctx.crm.fields(entity);
    for (const k of mine)
      if (!live[k.slice(entity.length + 1)]) {
        p.created = p.created.filter((c) => c !== k);
        p.failed.push({ field: k, code: 'not_visible' });
      }
  }
  const report = await ctx.crm.health(entities);
  const health = { reachable: report.reachable, authenticated: report.authenticated, admin: report.admin };
  const healthy = report.reachable && report.authenticated && report.admin !== false;
  const applied = p.created.length + p.existing.length > 0;
  // A full memory refuses a new key at commit: the sector is then not kept, and the reply says so.
  const memory = ctx.memory ?? {};
  const fits = SECTOR_MEMORY_KEY in memory || Object.keys(memory).length < MEMORY_LIMITS.entries;
  const remember = applied && fits;
  return {
    ok: true,
    kind: 'setup',
    records: [],
    detail: { sector: plan.sector, ...p, rebuilt, health, healthy, memoryFull: applied && !fits },
    ...(remember ? { memory: { set: { [SECTOR_MEMORY_KEY]: plan.sector } } } : {}),
    audit: {
      sector: plan.sector,
      plan: plan.fields.map((f) => `${f.entity}.${storedName(f.name)}:${f.type}`),
      created: p.created,
      existing: p.existing,
      failed: p.failed.map((f) => `${f.field}:${f.code}`),
      layouts: p.layouts,
      rebuilt,
      healthy,
    },
  };
}
