import { describeError } from '@max/core';
import { type ChaosHarness, sleep } from './harness.ts';
import { headerLine, type ScenarioResult, scenarioLine } from './report.ts';
import {
  proofReasons,
  RECOVERY_LIMIT_MS,
  type Scenario,
  type ScenarioRun,
  SETTLE_MARGIN_MS,
} from './scenario.ts';
import { tally, verdict } from './tally.ts';

interface Ran {
  s: Scenario;
  run: ScenarioRun | null;
  error: string | null;
  clearedAt: number;
  startedAt: number;
  settledAt: number;
}

/** Puts every fault back the way it was, whatever a scenario left behind. */
async function clearFaults(h: ChaosHarness): Promise<void> {
  h.green.faults.clear();
  h.espo.faults.clear();
  h.stack.dbProxy?.accept();
  const agent = h.stack.agentProcess;
  if (agent && !agent.running()) await agent.start();
}

async function runOne(h: ChaosHarness, s: Scenario): Promise<Ran> {
  const startedAt = Date.now();
  h.say(`${s.n}. ${s.name}`);
  let run: ScenarioRun | null = null;
  let error: string | null = null;
  try {
    run = await s.run(h);
  } catch (e) {
    error = `scenario error: ${(e as Error)?.message ?? describeError(e).code}`;
    h.say(error);
  } finally {
    await clearFaults(h);
  }
  if (!run) return { s, run, error, clearedAt: Date.now(), startedAt, settledAt: Date.now() };
  const known = typeof run.faultClearedAt === 'number' ? run.faultClearedAt : Date.now();
  // Long enough to tell a slow recovery (over the limit) from a message that never came back.
  const settled = await h.waitSettled(run.probes, run.settleBy ?? known + SETTLE_MARGIN_MS);
  const settledAt = Date.now();
  const clearedAt = typeof run.faultClearedAt === 'number' ? run.faultClearedAt : await run.faultClearedAt();
  h.say(
    `${s.n}. ${settled ? 'settled' : 'gave up waiting'} ${((settledAt - clearedAt) / 1000).toFixed(1)} s after the fault cleared`,
  );
  return { s, run, error, clearedAt, startedAt, settledAt };
}

/** The final count of one scenario, from what the CRM, WhatsApp and the database hold now. */
async function count(h: ChaosHarness, r: Ran): Promise<ScenarioResult> {
  const durationS = Math.round((r.settledAt - r.startedAt) / 100) / 10;
  if (!r.run)
    return {
      n: r.s.n,
      name: r.s.name,
      tally: tally(
        [],
        { crm: { leads: [], notes: [], tasks: [] }, replies: [], rows: [], outbox: [] },
        { faultClearedAt: 0 },
      ),
      ok: false,
      reasons: [r.error ?? 'did not run'],
      fault: {},
      proofs: [],
      durationS,
    };
  const t = tally(r.run.probes, await h.observe(r.run.probes), {
    faultClearedAt: r.clearedAt,
    ...(r.run.notices ? { notices: r.run.notices } : {}),
    ...(r.run.order ? { order: r.run.order } : {}),
  });
  const v = verdict(t, RECOVERY_LIMIT_MS);
  const proofs = typeof r.run.proofs === 'function' ? await r.run.proofs() : r.run.proofs;
  const reasons = [...proofReasons(proofs), ...v.reasons, ...((await r.run.check?.(t)) ?? [])];
  const figures = r.run.figures ? await r.run.figures() : undefined;
  return {
    n: r.s.n,
    name: r.s.name,
    tally: t,
    ok: reasons.length === 0,
    reasons,
    fault: r.run.fault,
    proofs,
    ...(figures ? { figures } : {}),
    durationS,
  };
}

/**
 * Runs the scenarios (those without a fault of their own together, at the end), then — after a
 * quiet spell in which a late redelivery could still write or answer twice — counts each one.
 */
export async function runScenarios(
  h: ChaosHarness,
  scenarios: Scenario[],
  lingerMs: number,
): Promise<ScenarioResult[]> {
  const ran: Ran[] = [];
  for (const s of scenarios.filter((x) => !x.parallel)) ran.push(await runOne(h, s));
  ran.push(...(await Promise.all(scenarios.filter((x) => x.parallel).map((s) => runOne(h, s)))));
  h.say(`waiting ${lingerMs / 1000} s for late redeliveries before counting`);
  await sleep(lingerMs);
  const results: ScenarioResult[] = [];
  for (const r of ran.sort((a, b) => a.s.n - b.s.n)) results.push(await count(h, r));
  return results;
}

export { headerLine, scenarioLine };
