import { isAppError } from '@max/core';

/**
 * Starts the stack for a command-line entry point. An expected failure (a taken port, a bad
 * MAX_*_PORT, a component that did not come up) is one line on stderr and exit code 1, not a
 * stack trace; anything else is a bug and keeps its trace.
 */
export async function startOrExplain<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    if (!isAppError(e)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
