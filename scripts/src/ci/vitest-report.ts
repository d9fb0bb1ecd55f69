import { z } from 'zod';

/** The part of vitest's JSON report (`--reporter=json`) CI reads. */
const reportSchema = z.object({
  numTotalTests: z.number(),
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
  testResults: z.array(
    z.object({
      name: z.string(),
      assertionResults: z.array(z.object({ fullName: z.string(), status: z.string() })),
    }),
  ),
});

export type VitestReport = z.infer<typeof reportSchema>;

export function parseVitestReport(json: unknown): VitestReport {
  return reportSchema.parse(json);
}

/**
 * Why a run of suites that need a service does not count as passed: a failure, a skipped or todo
 * test (a suite that skips for want of its service proves nothing), nothing run at all, or an
 * expected suite file that ran no passing test (renamed or gone). Empty when the run counts.
 */
export function unprovenRun(report: VitestReport, expectFiles: string[] = []): string[] {
  const problems: string[] = [];
  if (report.numTotalTests === 0) problems.push('no test ran');
  if (report.numFailedTests > 0) problems.push(`${report.numFailedTests} test(s) failed`);
  for (const file of report.testResults)
    for (const a of file.assertionResults)
      if (a.status !== 'passed' && a.status !== 'failed')
        problems.push(`${a.status}: ${a.fullName} (${file.name})`);
  for (const want of expectFiles) {
    const ran = report.testResults.filter((f) => f.name.includes(want));
    const passed = ran.flatMap((f) => f.assertionResults).filter((a) => a.status === 'passed').length;
    if (passed === 0) problems.push(`expected suite ${want}: no passing test ran`);
  }
  return problems;
}
