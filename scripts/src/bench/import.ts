import { readSpreadsheet } from '@max/core';
import { bigCsv, bigXlsx, CSV_MIME, incomingDocument, XLSX_MIME } from '@max/sandbox';
import { DEMO } from '../stack/demo-tenant.ts';
import { setup } from './pipeline.ts';

const MB = 1024 * 1024;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Time and memory to read one file (the parser alone). */
async function parse(bytes: Uint8Array, kind: 'csv' | 'xlsx') {
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const t = performance.now();
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const sheet = await readSpreadsheet(buf, kind);
  return {
    rows: sheet.rows.length,
    fileKiB: round(bytes.byteLength / 1024),
    parseMs: round(performance.now() - t),
    heapDeltaMB: round((process.memoryUsage().heapUsed - heap) / MB),
  };
}

/**
 * The import of a `rows`-row spreadsheet through the real pipeline (PGlite, the EspoCRM and
 * Green-API stand-ins, the rules engine): the parsers alone, then the preview (download, parse,
 * columns, duplicates against the CRM) and the import after "oui" (batches of creates), with the
 * process's peak resident memory. Figures, not pass/fail.
 */
export async function benchImport(rows = 5000) {
  const csv = bigCsv(rows);
  const xlsx = await bigXlsx(rows);
  const parsers = { csv: await parse(csv, 'csv'), xlsx: await parse(xlsx, 'xlsx') };
  const s = await setup(false);
  try {
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const event = incomingDocument({
      idInstance: DEMO.idInstance,
      chatId: DEMO.admin,
      idMessage: 'BENCH-IMPORT-DOC',
      downloadUrl: s.green.putFile(csv, CSV_MIME),
      fileName: `bench-${rows}.csv`,
      mimeType: CSV_MIME,
      caption: 'importe ces leads',
    });
    let t = performance.now();
    await s.deliverEvent(event, 'BENCH-IMPORT-DOC');
    const previewMs = performance.now() - t;
    const leadsBefore = s.espo.state.records('Lead').length;
    t = performance.now();
    await s.deliver('oui', 'BENCH-IMPORT-YES');
    const importMs = performance.now() - t;
    clearInterval(sampler);
    const created = s.espo.state.records('Lead').length - leadsBefore;
    const report = s.green.sent().at(-1)?.message ?? '';
    return {
      rows,
      parsers,
      endToEnd: {
        file: 'csv',
        previewMs: Math.round(previewMs),
        importMs: Math.round(importMs),
        rowsPerSecond: Math.round((created / importMs) * 1000),
        created,
        peakRssDeltaMB: round((peakRss - rssBefore) / MB),
        reportCreatedLine: report.split('\n').find((l) => /créés|created/.test(l)) ?? null,
      },
      xlsxFileKiB: parsers.xlsx.fileKiB,
      xlsxMime: XLSX_MIME,
    };
  } finally {
    await s.close();
  }
}
