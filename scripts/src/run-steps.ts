import { spawn } from 'node:child_process';

export interface Step {
  name: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  /** Reads "passed/failed" counts from a JSON report the step writes, when it has one. */
  report?: string;
}

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
}

export function runStep(step: Step): Promise<StepResult> {
  const started = Date.now();
  console.log(`\n▶ ${step.name}: ${step.cmd} ${step.args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, {
      stdio: 'inherit',
      env: { ...process.env, ...step.env },
    });
    child.on('exit', (code) => resolve({ name: step.name, ok: code === 0, ms: Date.now() - started }));
    child.on('error', () => resolve({ name: step.name, ok: false, ms: Date.now() - started }));
  });
}
