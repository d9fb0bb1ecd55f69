/**
 * `npm run eval [-- --corpus <file|dir>] [-- --only <id prefix>] [-- --min 0.95]`: plays a corpus of
 * commands through the real path (webhook → Worker → queue → agent → CRM), with the rules engine or
 * the model of OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL, against an EspoCRM stand-in per case
 * or the EspoCRM at ESPO_URL; scores each case by the CRM's state, MAX's audit log and the reply;
 * prints accuracy, wrong writes, model use and latency, writes bench/eval.json; exit 1 under --min
 * or on any wrong write.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import postgres from 'postgres';
import { type CaseCrm, caseCrm, type RealCrm } from './eval/case-crm.ts';
import { type EvalCase, loadCorpus } from './eval/corpus.ts';
import { auditedCalls } from './eval/observe-db.ts';
import { parseEvalArgs } from './eval/options.ts';
import { type CaseResult, printSummary, summarize } from './eval/report.ts';
import { type CaseRun, runCase } from './eval/run-case.ts';
import { scoreCase } from './eval/score.ts';
import { caseTenant, seedCaseTenant } from './eval/tenants.ts';
import { freeStackPorts } from './stack/ports.ts';
import { startOrExplain } from './stack/start-or-explain.ts';
import { ROOT, startStack } from './stack/start-stack.ts';

const fail = (message: string): never => {
  console.error(`✘ ${message}`);
  process.exit(2);
};
let opts = parseEvalArgs([]);
let cases: EvalCase[] = [];
try {
  opts = parseEvalArgs(process.argv.slice(2));
  cases = loadCorpus(isAbsolute(opts.corpus) ? opts.corpus : join(ROOT, opts.corpus), {
    only: opts.only,
    root: ROOT,
  });
} catch (e) {
  fail((e as Error).message);
}
if (!cases.length) fail(`no case in ${opts.corpus}${opts.only ? ` starting with "${opts.only}"` : ''}`);

const env = process.env;
const real: RealCrm | null = env.ESPO_URL
  ? {
      url: env.ESPO_URL,
      apiKey: env.ESPO_API_KEY ?? fail('ESPO_URL is set without ESPO_API_KEY'),
      admin:
        env.ESPO_ADMIN_USERNAME && env.ESPO_ADMIN_PASSWORD
          ? { username: env.ESPO_ADMIN_USERNAME, password: env.ESPO_ADMIN_PASSWORD }
          : null,
    }
  : null;
// A real CRM is one for all cases: one case at a time, each cleaned up after itself.
const concurrency = real ? 1 : opts.concurrency;
const engine = env.OPENAI_API_KEY ? `model ${env.OPENAI_MODEL ?? '(default)'}` : 'rules engine';
console.log(
  `MAX eval — ${cases.length} cases, ${engine}, EspoCRM ${real ? real.url : 'stand-in per case'}, ${concurrency} at a time`,
);

const tenants = cases.map((c, i) => caseTenant(i, c));
const crms: CaseCrm[] = [];
const usage = new Map<string, { modelCalls: number; promptTokens: number }>();
/** The agent's `agent.turn` lines carry each turn's model calls and prompt tokens, by tenant. */
const onLine = (component: string, line: string) => {
  if (component !== 'agent' || !line.includes('"agent.turn"')) return;
  try {
    const l = JSON.parse(line) as {
      event?: string;
      tenantId?: string;
      modelCalls?: number;
      promptTokens?: number;
    };
    if (l.event !== 'agent.turn' || !l.tenantId) return;
    const u = usage.get(l.tenantId) ?? { modelCalls: 0, promptTokens: 0 };
    u.modelCalls += l.modelCalls ?? 0;
    u.promptTokens += l.promptTokens ?? 0;
    usage.set(l.tenantId, u);
  } catch {
    // not a log line
  }
};

let exitCode = 1;
const started = Date.now();
try {
  for (const c of cases) crms.push(await caseCrm(c, real));
  // Free ports unless MAX_*_PORT say where (a run never collides with `npm run dev`).
  const ports = env.MAX_WORKER_PORT ? undefined : await freeStackPorts();
  const stack = await startOrExplain(() =>
    startStack({
      quiet: true,
      // Bundled once: an edit in the tree during a run does not restart the Worker mid-request.
      frozenWorker: true,
      onLine,
      seed: async (sql, ctx) => {
        for (const [i, c] of cases.entries()) await seedCaseTenant(sql, ctx, tenants[i]!, c, crms[i]!);
      },
      ...(ports ? { ports } : {}),
    }),
  );
  try {
    const runId = `EVAL${randomBytes(4).toString('hex').toUpperCase()}`;
    const runs: CaseRun[] = new Array(cases.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, cases.length) }, async () => {
        while (next < cases.length) {
          const i = next++;
          runs[i] = await runCase(cases[i]!, {
            urls: stack.urls,
            token: await stack.webhookTokenFor(tenants[i]!.idInstance),
            crm: crms[i]!,
            tenant: tenants[i]!,
            runId,
            replyTimeoutMs: env.OPENAI_API_KEY ? 90_000 : 30_000,
          });
          process.stdout.write(runs[i]!.error ? 'E' : '.');
        }
      }),
    );
    process.stdout.write('\n');
    const results = await score(stack.urls.db, runs);
    const summary = summarize(results, {
      at: new Date().toISOString(),
      engine: env.OPENAI_API_KEY ? 'model' : 'rules',
      model: env.OPENAI_API_KEY ? (env.OPENAI_MODEL ?? null) : null,
      crm: real ? 'real' : 'stand-in',
      corpus: opts.corpus,
      only: opts.only,
      wallMs: Date.now() - started,
    });
    printSummary(summary);
    const out = isAbsolute(opts.out) ? opts.out : join(ROOT, opts.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`→ ${opts.out}`);
    const ok = summary.accuracy >= opts.min && summary.wrongWrites === 0;
    if (!ok)
      console.log(
        `✘ ${summary.accuracy < opts.min ? `accuracy under ${opts.min * 100} %` : ''}${summary.accuracy < opts.min && summary.wrongWrites ? ' and ' : ''}${summary.wrongWrites ? `${summary.wrongWrites} wrong write(s)` : ''}`,
      );
    exitCode = ok ? 0 : 1;
  } finally {
    await stack.stop();
  }
} catch (e) {
  console.error('eval failed:', e);
} finally {
  await Promise.allSettled(crms.map((c) => c.stop()));
}
process.exit(exitCode);

/**
 * Reads what MAX recorded of each case's message (once every case is done: an embedded database
 * serves one connection, the agent's, until it has been idle a moment) and scores it.
 */
async function score(dbUrl: string, runs: CaseRun[]): Promise<CaseResult[]> {
  const sql = await connect(dbUrl);
  try {
    const out: CaseResult[] = [];
    for (const [i, run] of runs.entries()) {
      const c = cases[i]!;
      const u = usage.get(run.tenant.id) ?? { modelCalls: 0, promptTokens: 0 };
      const calls = run.error
        ? null
        : await auditedCalls(sql, run.tenant.id, run.idMessage, run.tenant.chatId);
      const verdict =
        run.error || !calls
          ? { pass: false, wrongWrite: false, reasons: [run.error ?? 'the message was not recorded'] }
          : await scoreCase(c, {
              reply: run.reply,
              calls,
              changes: run.changes,
              records: run.records,
              seeds: run.seeds,
              timeZone: run.tenant.timeZone,
              runToday: run.runToday,
            });
      out.push({ c, run, verdict, ...u });
    }
    return out;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function connect(url: string) {
  for (let attempt = 0; ; attempt++) {
    const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    try {
      await sql`select 1`;
      return sql;
    } catch (e) {
      await sql.end({ timeout: 1 }).catch(() => {});
      if (attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
