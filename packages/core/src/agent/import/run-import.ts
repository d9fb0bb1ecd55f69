import { espoDateTime } from '../../crm/espo/where.ts';
import type { CrmRecord } from '../../crm/port.ts';
import { isAppError } from '../../shared/errors.ts';
import type { ToolContext } from '../types.ts';
import type { ImportPlan } from './plan.ts';
import type { ImportRow } from './rows.ts';

/** Rows created at once (EspoCRM takes one record per request: a few requests run side by side). */
export const IMPORT_BATCH = 25;
const PARALLEL = 4;
const LISTED = 20;

export interface ImportReport {
  created: number;
  updated: number;
  skipped: number;
  skippedLines: number[];
  errors: Array<{ line: number; reason: string }>;
  invalid: number;
  repeated: number;
}

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);

/**
 * Runs a planned import: new people created in batches, people already in the CRM completed (only
 * their empty fields: nothing a person typed is overwritten) or skipped. On a retry of the same
 * confirmation, the records the earlier attempt created are found (created since the yes) and
 * counted as created, never made twice (the CRM is guarded per create as well).
 */
export async function runImport(ctx: ToolContext, plan: ImportPlan): Promise<ImportReport> {
  const report: ImportReport = {
    created: 0,
    updated: 0,
    skipped: 0,
    skippedLines: [],
    errors: [],
    invalid: plan.checked.invalid.length,
    repeated: plan.checked.repeated.length,
  };
  const since = ctx.retryOf ? espoDateTime(ctx.retryOf.since) : null;
  for (const { row, record } of plan.existing) {
    if (since && String(record.createdAt ?? '') >= since) {
      report.created++;
      continue;
    }
    const full = await ctx.crm.get(plan.entity, record.id);
    const changes = Object.fromEntries(Object.entries(row.data).filter(([k]) => blank(full[k])));
    if (Object.keys(changes).length) {
      await ctx.crm.update(plan.entity, record.id, changes);
      report.updated++;
    } else {
      report.skipped++;
      if (report.skippedLines.length < LISTED) report.skippedLines.push(row.line);
    }
  }
  for (let i = 0; i < plan.fresh.length; i += IMPORT_BATCH) {
    const batch = plan.fresh.slice(i, i + IMPORT_BATCH);
    for (let j = 0; j < batch.length; j += PARALLEL)
      await Promise.all(batch.slice(j, j + PARALLEL).map((row) => createOne(ctx, plan, row, report)));
    ctx.logger.debug('import.batch', {
      done: Math.min(i + IMPORT_BATCH, plan.fresh.length),
      of: plan.fresh.length,
    });
  }
  report.errors.sort((a, b) => a.line - b.line);
  return report;
}

async function createOne(ctx: ToolContext, plan: ImportPlan, row: ImportRow, report: ImportReport) {
  try {
    const r: { record: CrmRecord } = await ctx.crm.create(plan.entity, row.data, {
      skipDuplicateCheck: true,
    });
    if (r.record.id) report.created++;
  } catch (e) {
    // An outage fails the whole import (retried: what was created is found again); a refusal of
    // this row's values is this row's error.
    if (!isAppError(e) || e.retryable) throw e;
    report.errors.push({ line: row.line, reason: String(e.details?.field ?? e.code) });
  }
}
