import type { FaultProof } from './scenario.ts';
import type { Tally } from './tally.ts';

export interface ScenarioResult {
  n: number;
  name: string;
  tally: Tally;
  ok: boolean;
  reasons: string[];
  fault: Record<string, unknown>;
  /** Each fault and how often it met work in flight. */
  proofs: FaultProof[];
  /** Figures of its own (the long run's). */
  figures?: Record<string, unknown>;
  /** Seconds from the first message sent to the scenario settling (or giving up). */
  durationS: number;
}

const COLUMNS = [
  '#',
  'scenario',
  'msgs',
  'writes',
  'replies',
  'lost',
  'dup',
  'stuck',
  'recovery',
  'faults applied',
  'result',
];
const WIDTHS = [2, 50, 5, 6, 7, 4, 3, 5, 9, 34, 0];

const cell = (v: string, i: number) => (i === 1 || i === 9 ? v.padEnd(WIDTHS[i]!) : v.padStart(WIDTHS[i]!));

/** "kill×1 cut×3": each fault and how often it was applied to work in flight. */
export const proofCell = (proofs: FaultProof[]) => proofs.map((p) => `${p.fault}×${p.applied}`).join(' ');

export const seconds = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);

export function headerLine(): string {
  return COLUMNS.map(cell).join('  ');
}

/** One line per scenario: what was sent, written and answered, and what went wrong. */
export function scenarioLine(r: ScenarioResult): string {
  const t = r.tally;
  const values = [
    String(r.n),
    r.name.slice(0, WIDTHS[1]),
    String(t.messages),
    String(t.writes),
    String(t.replies),
    String(t.lost),
    String(t.duplicated),
    String(t.stuck),
    seconds(t.recoveryMs),
    proofCell(r.proofs),
    (r.ok ? 'ok' : `FAIL: ${r.reasons.join(', ')}`) +
      (t.wrongReplies ? ` (note: ${t.wrongReplies} reply(ies) not of the expected kind, see problems)` : ''),
  ];
  return values.map(cell).join('  ');
}

/** bench/chaos.json: the lines' numbers, each scenario's fault and its problems (message by message). */
export function chaosJson(o: {
  mode: 'full' | 'quick';
  startedAt: Date;
  durationS: number;
  database: string;
  logs: string;
  results: ScenarioResult[];
}) {
  return {
    at: o.startedAt.toISOString(),
    mode: o.mode,
    node: process.version,
    database: o.database,
    durationS: o.durationS,
    logs: o.logs,
    ok: o.results.every((r) => r.ok),
    scenarios: o.results.map((r) => ({
      n: r.n,
      name: r.name,
      ok: r.ok,
      reasons: r.reasons,
      messages: r.tally.messages,
      accepted: r.tally.accepted,
      crmWrites: r.tally.writes,
      replies: r.tally.replies,
      lost: r.tally.lost,
      duplicated: r.tally.duplicated,
      stuck: r.tally.stuck,
      wrongReplies: r.tally.wrongReplies,
      notices: r.tally.notices,
      unexpectedReplies: r.tally.unexpectedReplies,
      recoverySeconds: r.tally.recoveryMs === null ? null : Math.round(r.tally.recoveryMs / 100) / 10,
      outOfOrder: r.tally.outOfOrder,
      answeredOutOfOrder: r.tally.answeredOutOfOrder,
      durationS: r.durationS,
      faultsApplied: r.proofs,
      fault: r.fault,
      ...(r.figures ? { figures: r.figures } : {}),
      problems: r.tally.problems.slice(0, 50),
    })),
  };
}
