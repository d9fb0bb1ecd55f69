import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { AppError } from '@max/core';
import { holdGroup, releaseGroup } from '@max/sandbox';

export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Its last output lines (kept even when quiet), to say why it stopped. */
  tail: string[];
}

/** Starts a child process whose output lines are prefixed with its name (or kept quiet). */
export function startProcess(
  name: string,
  cmd: string,
  args: string[],
  opts: {
    env?: Record<string, string>;
    /** false: the child sees only `env` (a test that must control every variable). */
    inheritEnv?: boolean;
    cwd?: string;
    quiet?: boolean;
    onLine?: (line: string) => void;
  } = {},
): Managed {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    // The test runner's step mark passes even a controlled environment: a stuck child is then
    // found and stopped with its step (scripts/src/run-steps.ts).
    env:
      opts.inheritEnv === false
        ? { ...opts.env, ...(process.env.MAX_TEST_STEP ? { MAX_TEST_STEP: process.env.MAX_TEST_STEP } : {}) }
        : { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so a stop reaches wrangler's and deno's children too.
    detached: true,
  });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.onLine?.(line);
      if (!opts.quiet) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  const pgid = child.pid;
  holdGroup(pgid);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      releaseGroup(pgid);
      resolve(code);
    }),
  );
  return { name, child, exited, tail };
}

export async function stopProcess(p: Managed, graceMs = 3000): Promise<void> {
  if (p.child.exitCode !== null || p.child.pid === undefined) return;
  try {
    process.kill(-p.child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-p.child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, graceMs);
  await p.exited;
  clearTimeout(timer);
}

export interface ServiceCheck {
  /** The `service` its health body must name ('webhook', 'agent', a stand-in's name). */
  service: string;
  /** How the one-line error names it ("Worker", "agent function"). */
  label: string;
  timeoutMs: number;
  /** The process expected to answer: its exit ends the wait at once. */
  proc?: Managed;
  /** The variable that moves its port, for the error line. */
  portEnv?: string;
}

const serviceOf = (body: string): string | null => {
  try {
    const v = JSON.parse(body) as { service?: unknown };
    return typeof v?.service === 'string' ? v.service : null;
  } catch {
    return null;
  }
};

/**
 * Polls a health URL until the component itself answers: any HTTP answer is not enough, the body
 * must name `service` (a foreign program on the port would otherwise pass as started). The status
 * is not judged: the Worker's health is 503 while the agent is away, and it is still the Worker.
 */
export async function waitForService(url: string, check: ServiceCheck): Promise<void> {
  const port = new URL(url).port;
  const deadline = Date.now() + check.timeoutMs;
  const move = check.portEnv ? ` — set ${check.portEnv} to another port` : '';
  while (Date.now() < deadline) {
    const code = check.proc?.child.exitCode;
    if (code !== null && code !== undefined) {
      await new Promise((r) => setTimeout(r, 200)); // its output can trail its exit
      // Its last error line (ANSI colours removed) usually says why: a bad variable, a taken port.
      const lines = (check.proc?.tail ?? []).map((l) => stripVTControlCharacters(l).trim()).filter(Boolean);
      const last = lines.findLast((l) => /\berror\b:|^✘|\[ERROR\]/i.test(l)) ?? lines.at(-1);
      throw new AppError(
        'unavailable',
        `${check.label} exited with code ${code} before answering on port ${port}${last ? `: ${last.slice(0, 300)}` : ''}`,
      );
    }
    let answer: { status: number; body: string };
    try {
      // Generous: the Worker's first answer (bundling, first isolate) can take about a second.
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      answer = { status: res.status, body: await res.text() };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    const service = serviceOf(answer.body);
    if (service === check.service) return;
    throw new AppError(
      'conflict',
      `port ${port} (${check.label}) is answered by another program (HTTP ${answer.status}${service ? `, service "${service}"` : ''})${move}`,
    );
  }
  throw new AppError('timeout', `${check.label} did not answer on port ${port} within ${check.timeoutMs} ms`);
}
