import type { CrmRecord } from '../../crm/port.ts';
import { settableFields } from '../entities/field-labels.ts';
import type { ToolContext } from '../types.ts';
import { type ColumnMap, mapColumns } from './columns.ts';
import { type CheckedRows, checkRows, type ImportRow } from './rows.ts';
import type { Sheet } from './sheet.ts';

export type ImportEntity = 'Lead' | 'Contact';

/** What an import will do, row by row: shown as the preview, run after the yes. */
export interface ImportPlan {
  entity: ImportEntity;
  columns: ColumnMap[];
  rows: number;
  overCap: number;
  checked: CheckedRows;
  /** Rows whose person is already in the CRM (same e-mail or phone), with that record. */
  existing: Array<{ row: ImportRow; record: CrmRecord }>;
  fresh: ImportRow[];
}

const CHUNK = 40;

/** The records of the entity with one of these e-mails or phones (one query per chunk). */
async function existingByKey(ctx: ToolContext, entity: ImportEntity, rows: ImportRow[]) {
  const found = new Map<string, CrmRecord>();
  const emails = rows.flatMap((r) => (r.data.emailAddress ? [r.data.emailAddress] : []));
  const phones = rows.flatMap((r) =>
    !r.data.emailAddress && r.data.phoneNumber ? [r.data.phoneNumber] : [],
  );
  for (const [attribute, values] of [
    ['emailAddress', emails],
    ['phoneNumber', phones],
  ] as const)
    for (let i = 0; i < values.length; i += CHUNK) {
      const chunk = values.slice(i, i + CHUNK);
      const res = await ctx.crm.list(entity, {
        where: [{ type: 'or', value: chunk.map((value) => ({ type: 'equals' as const, attribute, value })) }],
        select: ['id', 'name', 'emailAddress', 'phoneNumber', 'createdAt'],
        maxSize: 200,
      });
      for (const r of res.list) {
        const k =
          attribute === 'emailAddress'
            ? String(r.emailAddress ?? '').toLowerCase()
            : String(r.phoneNumber ?? '');
        if (k && !found.has(k)) found.set(k, r);
      }
    }
  return found;
}

export async function planImport(ctx: ToolContext, sheet: Sheet, entity: ImportEntity): Promise<ImportPlan> {
  const fields = await settableFields(ctx, entity);
  const columns = mapColumns(sheet.headers, fields);
  const checked = checkRows(sheet, columns, ctx.tenant.defaultCountry);
  const known = await existingByKey(ctx, entity, checked.valid);
  const existing: ImportPlan['existing'] = [];
  const fresh: ImportRow[] = [];
  for (const row of checked.valid) {
    const record = row.key ? known.get(row.key) : undefined;
    if (record) existing.push({ row, record });
    else fresh.push(row);
  }
  return { entity, columns, rows: sheet.rows.length, overCap: sheet.overCap, checked, existing, fresh };
}
