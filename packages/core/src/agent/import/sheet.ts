import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/universal';
import { AppError } from '../../shared/errors.ts';

/** What MAX reads from a spreadsheet sent on WhatsApp (stated in the preview and the README). */
export const IMPORT_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 5000 } as const;

export type SheetKind = 'csv' | 'xlsx';

/** A CSV or XLSX document, by its name or MIME type; null for anything else. */
export function sheetKind(file: { fileName?: string | null; mimeType?: string | null }): SheetKind | null {
  const name = (file.fileName ?? '').toLowerCase();
  const mime = (file.mimeType ?? '').toLowerCase();
  if (name.endsWith('.xlsx') || mime.includes('spreadsheetml')) return 'xlsx';
  if (name.endsWith('.csv') || mime === 'text/csv' || mime === 'application/csv') return 'csv';
  return null;
}

/** A sheet as text cells: the header row, then the data rows (numbered from 2, as the spreadsheet shows them). */
export interface Sheet {
  headers: string[];
  rows: Array<{ line: number; cells: string[] }>;
  /** Data rows beyond the cap (not read). */
  overCap: number;
}

const tooBig = (what: 'bytes' | 'rows') =>
  new AppError('validation', `The spreadsheet is over the ${what} cap`, {
    retryable: false,
    details: { field: 'file', type: `too_many_${what}` },
  });

/** Text of a CSV: UTF-8 (a BOM dropped), else Windows-1252 as Excel writes it in France. */
function decode(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const cellText = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
};

/** Reads the first sheet (XLSX) or the file (CSV, separator detected: "," ";" tab). */
export async function readSpreadsheet(bytes: ArrayBuffer, kind: SheetKind): Promise<Sheet> {
  if (bytes.byteLength > IMPORT_LIMITS.maxBytes) throw tooBig('bytes');
  let grid: unknown[][];
  if (kind === 'csv') {
    const parsed = Papa.parse<string[]>(decode(bytes), { skipEmptyLines: false });
    grid = parsed.data;
  } else {
    try {
      grid = (await readSheet(bytes)) as unknown[][];
    } catch (e) {
      throw new AppError('validation', 'Not a readable XLSX file', {
        retryable: false,
        cause: e,
        details: { field: 'file', type: 'unreadable' },
      });
    }
  }
  // Line numbers are the spreadsheet's own (blank lines count), so a report's "row 12" is row 12 there.
  const filled = (r: unknown) => Array.isArray(r) && r.some((c) => cellText(c) !== '');
  const at = grid.findIndex(filled);
  if (at < 0) return { headers: [], rows: [], overCap: 0 };
  const data = grid
    .map((r, i) => ({ line: i + 1, r }))
    .slice(at + 1)
    .filter((x) => filled(x.r))
    .map((x) => ({ line: x.line, cells: (x.r as unknown[]).map(cellText) }));
  const headers = (grid[at] as unknown[]).map(cellText);
  return {
    headers,
    rows: data.slice(0, IMPORT_LIMITS.maxRows),
    overCap: Math.max(0, data.length - IMPORT_LIMITS.maxRows),
  };
}
