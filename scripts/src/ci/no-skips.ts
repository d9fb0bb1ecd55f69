/**
 * `tsx scripts/src/ci/no-skips.ts <vitest-report.json> [suite-file ...]`: exit 1 when the run did
 * not prove anything it was meant to (see unprovenRun), one line per reason.
 */
import { readFileSync } from 'node:fs';
import { parseVitestReport, unprovenRun } from './vitest-report.ts';

const [path, ...expectFiles] = process.argv.slice(2);
if (!path) {
  console.error('usage: no-skips <vitest-report.json> [suite-file ...]');
  process.exit(2);
}
let problems: string[];
try {
  problems = unprovenRun(parseVitestReport(JSON.parse(readFileSync(path, 'utf8'))), expectFiles);
} catch (e) {
  problems = [`cannot read the report ${path}: ${(e as Error).message}`];
}
for (const p of problems) console.error(`  ${p}`);
console.log(problems.length ? `not proven: ${problems.length} problem(s)` : 'every test ran and passed');
process.exit(problems.length ? 1 : 0);
