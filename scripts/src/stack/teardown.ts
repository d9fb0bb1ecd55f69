import { type Managed, stopProcess } from './processes.ts';

/** What a stack start brought up, stopped in reverse order: its child processes first, then the rest. */
export interface Teardown {
  /** A server, proxy or connection to close. */
  add(cleanup: () => Promise<void>): void;
  /** A child process to stop. */
  own(proc: Managed): void;
  stop(): Promise<void>;
}

export function createTeardown(): Teardown {
  const cleanups: Array<() => Promise<void>> = [];
  const procs: Managed[] = [];
  return {
    add: (cleanup) => {
      cleanups.push(cleanup);
    },
    own: (proc) => {
      procs.push(proc);
    },
    stop: async () => {
      for (const p of procs.reverse()) await stopProcess(p);
      for (const c of cleanups.reverse()) await c().catch(() => {});
    },
  };
}
