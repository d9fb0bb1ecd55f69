/**
 * Spreadsheets for the import's tests, the demo and the benchmark: a FR CSV (";" as Excel writes it
 * in France, accents, a bad e-mail, a bad phone, a row without a name, a blank line, a row repeated,
 * an unknown status, a person already in the CRM), an EN XLSX of the same kinds, and big files.
 */
import { readFileSync } from 'node:fs';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';

export const IMPORT_FIXTURES = new URL('../../fixtures/imports/', import.meta.url);

/** leads-fr.csv: 9 data rows (line 6 is blank) — 3 new, 1 already in the CRM (seed deja.la@exemple.fr), 1 repeated, 4 invalid. */
export const frenchCsv = (): Uint8Array => readFileSync(new URL('leads-fr.csv', IMPORT_FIXTURES));

export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Cell = string | number | null;

async function xlsx(rows: Cell[][]): Promise<Uint8Array> {
  const data = rows.map((r) => r.map((v) => (v === null ? null : { value: v })));
  const buf = await writeXlsxFile(data as SheetData).toBuffer();
  return new Uint8Array(buf);
}

/** An EN XLSX: 6 data rows — 3 new (one with WhatsApp consent), 1 repeated, 1 bad e-mail, 1 without name nor contact. */
export const englishXlsx = (): Promise<Uint8Array> =>
  xlsx([
    ['First Name', 'Last Name', 'Email Address', 'Phone', 'Company', 'WhatsApp consent', 'Notes'],
    ['John', 'Smith', 'john.smith@acme.test', '+44 20 7946 0958', 'Acme Corp', 'yes', 'met at the fair'],
    ['Mary', 'Jones', 'mary@jones.test', '+44 20 7946 0959', 'Jones Ltd', null, null],
    ['Bob', 'Stone', 'not-an-email', null, 'Stone & Co', null, null],
    ['John', 'Smith', 'john.smith@acme.test', '+44 20 7946 0958', 'Acme Corp', null, null],
    [null, null, null, null, 'Nobody Inc', null, null],
    ['Ann', 'Lee', 'ann@lee.test', null, 'Lee Studio', null, 'call back in May'],
  ]);

const person = (i: number) => {
  const n = String(i).padStart(5, '0');
  return {
    first: `Prénom${n}`,
    last: `Nom${n}`,
    email: `lead${n}@bench.test`,
    phone: `06 ${String(10 + (i % 89)).padStart(2, '0')} ${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(3, 5)}`,
    company: `Société ${i % 300}`,
  };
};

/** A CSV of `rows` distinct leads (FR headers, ","): the benchmark's file. */
export function bigCsv(rows: number): Uint8Array {
  const lines = ['Prénom,Nom,Email,Société'];
  for (let i = 1; i <= rows; i++) {
    const p = person(i);
    lines.push(`${p.first},${p.last},${p.email},"${p.company}"`);
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** The same as an XLSX. */
export function bigXlsx(rows: number): Promise<Uint8Array> {
  const out: Cell[][] = [['First name', 'Last name', 'Email', 'Company']];
  for (let i = 1; i <= rows; i++) {
    const p = person(i);
    out.push([p.first, p.last, p.email, p.company]);
  }
  return xlsx(out);
}
