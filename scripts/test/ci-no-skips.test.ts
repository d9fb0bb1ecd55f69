import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVitestReport, unprovenRun, type VitestReport } from '../src/ci/vitest-report.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const report = (results: Array<[file: string, name: string, status: string]>): VitestReport => ({
  numTotalTests: results.length,
  numPassedTests: results.filter((r) => r[2] === 'passed').length,
  numFailedTests: results.filter((r) => r[2] === 'failed').length,
  numPendingTests: results.filter((r) => r[2] === 'skipped' || r[2] === 'pending').length,
  numTodoTests: results.filter((r) => r[2] === 'todo').length,
  testResults: [...new Set(results.map((r) => r[0]))].map((name) => ({
    name,
    assertionResults: results.filter((r) => r[0] === name).map((r) => ({ fullName: r[1], status: r[2] })),
  })),
});

describe('CI counts a suite that needs a service only when it ran and passed', () => {
  it('every test passed in every expected file: proven', () => {
    const r = report([
      ['/r/a/real-espocrm.test.ts', 'creates', 'passed'],
      ['/r/b/real-espocrm-contract.test.ts', '01', 'passed'],
    ]);
    expect(unprovenRun(r, ['a/real-espocrm.test.ts', 'real-espocrm-contract'])).toEqual([]);
  });

  it('one skipped or todo test among passing ones is a failure, named', () => {
    const r = report([
      ['/r/a.test.ts', 'creates', 'passed'],
      ['/r/a.test.ts', 'skipped: set ESPO_URL', 'skipped'],
      ['/r/b.test.ts', 'later', 'todo'],
    ]);
    const problems = unprovenRun(r);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('skipped: set ESPO_URL');
    expect(problems[1]).toContain('todo: later');
  });

  it('a failed test, an empty run and an expected file that did not run are failures', () => {
    expect(unprovenRun(report([['/r/a.test.ts', 'x', 'failed']]))).toEqual(['1 test(s) failed']);
    expect(unprovenRun(report([]))).toContain('no test ran');
    expect(unprovenRun(report([['/r/a.test.ts', 'x', 'passed']]), ['gone.test.ts'])).toEqual([
      'expected suite gone.test.ts: no passing test ran',
    ]);
  });

  it("vitest's own JSON report of a real-EspoCRM suite run without EspoCRM is refused", () => {
    const out = join(mkdtempSync(join(tmpdir(), 'max-no-skips-')), 'report.json');
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('ESPO_')) delete env[k];
    // Under `npm test` the parent names its own JSON report here; the child must write only its own.
    delete env.MAX_TEST_JSON;
    spawnSync(
      'npx',
      [
        'vitest',
        'run',
        'packages/core/test/crm/real-espocrm.test.ts',
        '--reporter=json',
        `--outputFile.json=${out}`,
      ],
      { cwd: ROOT, env, encoding: 'utf8' },
    );
    const problems = unprovenRun(parseVitestReport(JSON.parse(readFileSync(out, 'utf8'))), [
      'real-espocrm.test.ts',
    ]);
    expect(problems.some((p) => p.startsWith('skipped: real EspoCRM skipped: set ESPO_URL'))).toBe(true);
    expect(problems).toContain('expected suite real-espocrm.test.ts: no passing test ran');
  }, 60_000);
});
