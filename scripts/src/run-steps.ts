import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { reapMarked } from './testing/reap.ts';

export interface Step {
  name: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  /** Reads "passed/failed" counts from a JSON report the step writes, when it has one. */
  report?: string;
  /** The step's bound: past it the step is stopped (its whole process tree) and counted failed. */
  timeoutMs: number;
}

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  /** Stopped at its bound. */
  timedOut: boolean;
  /** Processes the step left running after it ended (killed). */
  strays: number;
}

/** The variable that marks every process a step starts, its children's children included. */
export const STEP_MARK = 'MAX_TEST_STEP';

let stopRequested = false;
/** Ctrl-C was pressed during a step: the run stops after it (the summary still prints). */
export const interrupted = () => stopRequested;

/**
 * Runs one step in its own process group, bounded: a step that has not ended by `timeoutMs` gets
 * SIGTERM, then SIGKILL 5 s later, and fails with its name. Whatever it started and left behind
 * (a detached wrangler, deno or workerd, found by the mark every child inherits) is killed when
 * it ends, so a stuck child never outlives its step or holds the next one.
 */
export function runStep(step: Step, graceMs = 5000): Promise<StepResult> {
  const started = Date.now();
  const mark = randomUUID();
  console.log(`\n▶ ${step.name}: ${step.cmd} ${step.args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, {
      stdio: 'inherit',
      env: { ...process.env, ...step.env, [STEP_MARK]: mark },
      detached: true,
    });
    let timedOut = false;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    let killer: NodeJS.Timeout | undefined;
    const bound = setTimeout(() => {
      timedOut = true;
      console.error(
        `\n✘ ${step.name}: still running after ${Math.round(step.timeoutMs / 1000)} s (its bound): stopped`,
      );
      signalGroup('SIGTERM');
      killer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    }, step.timeoutMs);
    // Ctrl-C of `npm test` reaches the step's group too (it is not in ours), and ends the run.
    const onInterrupt = () => {
      stopRequested = true;
      signalGroup('SIGKILL');
    };
    process.once('SIGINT', onInterrupt);
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(bound);
      clearTimeout(killer);
      process.off('SIGINT', onInterrupt);
      signalGroup('SIGKILL'); // the leader is gone; its group may not be
      const strays = reapMarked(STEP_MARK, mark);
      if (strays > 0) console.error(`  ${step.name}: ${strays} process(es) left running after it: killed`);
      resolve({ name: step.name, ok: ok && !timedOut, ms: Date.now() - started, timedOut, strays });
    };
    child.on('exit', (code) => finish(code === 0));
    child.on('error', () => finish(false));
  });
}
