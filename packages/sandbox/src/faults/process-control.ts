import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { holdGroup, releaseGroup } from './process-groups.ts';

export interface ProcessRecipe {
  /** For error messages. */
  name: string;
  command: string;
  args?: string[];
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Polled after every start until it answers (any HTTP status). */
  readyUrl?: string;
  /** Default 60 s. */
  readyTimeoutMs?: number;
  /** Every output line (stdout and stderr). The last 50 are kept for errors either way. */
  onLine?: (line: string) => void;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process of the group still runs. Zombies do not count: a container's init may never reap them. */
function groupAlive(pgid: number): boolean {
  if (process.platform !== 'linux') {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/**
 * Runs a process from a recipe in its own process group so the fault suite can crash it
 * (`kill('SIGKILL')` reaches its children too: deno, wrangler and friends) and bring it back
 * with the same recipe (`restart()`), waiting for its readiness URL each time. Node only.
 */
export function superviseProcess(recipe: ProcessRecipe) {
  let child: ChildProcess | null = null;
  let exited: Promise<ProcessExit> = Promise.resolve({ code: null, signal: null });
  let starts = 0;
  const tail: string[] = [];

  const running = () => child !== null && child.exitCode === null && child.signalCode === null;
  const failure = (what: string) =>
    new Error(`${recipe.name} ${what}${tail.length ? `; last output:\n${tail.join('\n')}` : ''}`);

  async function waitReady(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!running()) throw failure(`exited (code ${child?.exitCode}, signal ${child?.signalCode})`);
      try {
        await fetch(url, { signal: AbortSignal.timeout(1000) });
        return;
      } catch {
        await sleep(100);
      }
    }
    throw failure(`did not answer at ${url} within ${timeoutMs} ms`);
  }

  async function signalGroup(signal: NodeJS.Signals): Promise<ProcessExit> {
    const c = child;
    if (!c?.pid || !running()) return exited;
    try {
      process.kill(-c.pid, signal);
    } catch {
      /* already gone */
    }
    const exit = await exited;
    // The leader is gone; give its children a moment to go too (they may hold the port; on a
    // busy machine a child can outlive its leader's exit by a scheduling slice, SIGTERM or SIGKILL).
    const deadline = Date.now() + 2000;
    while (groupAlive(c.pid) && Date.now() < deadline) await sleep(20);
    return exit;
  }

  const control = {
    get name() {
      return recipe.name;
    },
    /** The process group leader's pid while it runs. */
    get pid(): number | undefined {
      return running() ? child?.pid : undefined;
    },
    running,
    /** How many times the recipe was started. */
    starts: () => starts,
    /** The last 50 output lines. */
    output: () => [...tail],
    /** Resolves with the current process's exit (at once when none runs). */
    exited: () => exited,
    /** Spawns the recipe and waits for readyUrl; kills it again when it never gets ready. */
    async start(): Promise<void> {
      if (running()) throw failure('is already running');
      tail.length = 0;
      const c = spawn(recipe.command, recipe.args ?? [], {
        cwd: recipe.cwd,
        env: { ...process.env, ...recipe.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group: one signal reaches its children too
      });
      child = c;
      starts++;
      const pgid = c.pid;
      holdGroup(pgid);
      exited = new Promise((resolve) =>
        c.once('exit', (code, signal) => {
          releaseGroup(pgid);
          resolve({ code, signal });
        }),
      );
      c.once('error', (e) => tail.push(`spawn error: ${e.message}`));
      for (const stream of [c.stdout, c.stderr]) {
        if (!stream) continue;
        createInterface({ input: stream }).on('line', (line) => {
          tail.push(line);
          if (tail.length > 50) tail.shift();
          recipe.onLine?.(line);
        });
      }
      if (!recipe.readyUrl) return;
      try {
        await waitReady(recipe.readyUrl, recipe.readyTimeoutMs ?? 60_000);
      } catch (e) {
        await signalGroup('SIGKILL');
        throw e;
      }
    },
    /** Sends `signal` to the whole process group and waits for the leader to exit. */
    kill: (signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit> => signalGroup(signal),
    /** SIGKILL (when running), then start again with the same recipe. */
    async restart(): Promise<void> {
      await signalGroup('SIGKILL');
      await control.start();
    },
    /** SIGTERM, then SIGKILL after `graceMs`. */
    async stop(graceMs = 3000): Promise<ProcessExit> {
      if (!running()) return exited;
      const timer = setTimeout(() => void signalGroup('SIGKILL'), graceMs);
      const exit = await signalGroup('SIGTERM');
      clearTimeout(timer);
      return exit;
    },
  };
  return control;
}

export type SupervisedProcess = ReturnType<typeof superviseProcess>;
