import { percentile } from '../bench/stats.ts';
import type { EvalCase } from './corpus.ts';
import type { CaseRun } from './run-case.ts';
import type { Verdict } from './score.ts';

export interface CaseResult {
  c: EvalCase;
  run: CaseRun;
  verdict: Verdict;
  modelCalls: number;
  promptTokens: number;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** The run's figures: accuracy, wrong writes, model use per command, latency. */
export function summarize(results: CaseResult[], meta: Record<string, unknown>) {
  const n = results.length;
  const passed = results.filter((r) => r.verdict.pass).length;
  const commands = results.reduce((s, r) => s + r.run.latenciesMs.length, 0) || 1;
  const latencies = results.flatMap((r) => r.run.latenciesMs).sort((a, b) => a - b);
  return {
    ...meta,
    cases: n,
    passed,
    accuracy: n ? round(passed / n, 4) : 0,
    wrongWrites: results.filter((r) => r.verdict.wrongWrite).length,
    messages: results.reduce((s, r) => s + r.run.latenciesMs.length, 0),
    modelCallsPerCommand: round(results.reduce((s, r) => s + r.modelCalls, 0) / commands),
    promptTokensPerCommand: round(results.reduce((s, r) => s + r.promptTokens, 0) / commands, 0),
    latencyMs: { p50: round(percentile(latencies, 50), 0), p95: round(percentile(latencies, 95), 0) },
    byCorpus: Object.fromEntries(
      [...new Set(results.map((r) => r.c.source.split(':')[0]!))].map((file) => {
        const of = results.filter((r) => r.c.source.startsWith(`${file}:`));
        return [file, { cases: of.length, passed: of.filter((r) => r.verdict.pass).length }];
      }),
    ),
    failures: results
      .filter((r) => !r.verdict.pass)
      .map((r) => ({
        id: r.c.id,
        source: r.c.source,
        text: r.c.text,
        wrongWrite: r.verdict.wrongWrite,
        reasons: r.verdict.reasons,
        reply: r.run.reply.slice(0, 400),
      })),
  };
}

/** One line per failed case, then the figures. */
export function printSummary(s: ReturnType<typeof summarize>): void {
  for (const f of s.failures)
    console.log(
      `✘ ${f.id}${f.wrongWrite ? ' [WRONG WRITE]' : ''}: ${f.reasons.join('; ')}\n    « ${f.text} » → ${f.reply.split('\n')[0]}`,
    );
  console.log(
    [
      '',
      `cases ${s.cases} · passed ${s.passed} · accuracy ${(s.accuracy * 100).toFixed(1)} % · wrong writes ${s.wrongWrites}`,
      `model calls per command ${s.modelCallsPerCommand} · prompt tokens per command ${s.promptTokensPerCommand}`,
      `latency per message (webhook → reply) p50 ${s.latencyMs.p50} ms · p95 ${s.latencyMs.p95} ms (${s.messages} messages)`,
      ...Object.entries(s.byCorpus).map(([f, v]) => `  ${f}: ${v.passed}/${v.cases}`),
    ].join('\n'),
  );
}
