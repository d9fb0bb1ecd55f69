import { z } from 'zod';
import { isAppError } from '../../../shared/errors.ts';
import { bytesDigest } from '../../import/digest.ts';
import { planImport } from '../../import/plan.ts';
import { runImport } from '../../import/run-import.ts';
import { readSpreadsheet } from '../../import/sheet.ts';
import type { ToolOutcome } from '../../types.ts';
import { defineTool } from '../define-tool.ts';

const refused = (reason: string, value = ''): ToolOutcome => ({
  ok: false,
  kind: 'invalid',
  field: 'import',
  reason,
  value,
});

/**
 * Imports the spreadsheet a preview showed (pipeline/import-turn.ts), after the sender's yes:
 * fetched again from Green-API and checked against the digest the preview sealed, so the yes runs
 * on exactly that file. Once per confirmation (its result is stored; a retry finds what it made).
 */
export const importRecords = defineTool({
  name: 'import_records',
  family: 'setup',
  description: 'Import the leads or contacts of a spreadsheet sent on WhatsApp (after its preview).',
  parameters: z.object({
    url: z.string().url().max(2000),
    fileName: z.string().max(200),
    kind: z.enum(['csv', 'xlsx']),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    entity: z.enum(['Lead', 'Contact']),
  }),
  access: 'admin',
  confirm: true,
  writes: true,
  async run(ctx, args) {
    if (!ctx.download) return refused('import_unavailable');
    let bytes: ArrayBuffer;
    try {
      bytes = await ctx.download(args.url);
    } catch (e) {
      if (isAppError(e) && !e.retryable) return refused('file_gone', args.fileName);
      throw e;
    }
    if ((await bytesDigest(bytes)) !== args.sha256) return refused('file_changed', args.fileName);
    const sheet = await readSpreadsheet(bytes, args.kind);
    const plan = await planImport(ctx, sheet, args.entity);
    const report = await runImport(ctx, plan);
    return {
      ok: true,
      kind: 'imported',
      entity: args.entity,
      records: [],
      detail: { fileName: args.fileName, rows: plan.rows, ...report },
      audit: {
        rows: plan.rows,
        created: report.created,
        updated: report.updated,
        skipped: report.skipped,
        errors: report.errors.length,
        invalid: report.invalid,
      },
    };
  },
});
