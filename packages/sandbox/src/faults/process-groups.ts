/** Groups still running: killed when this process exits, so a detached child never outlives it. */
const live = new Set<number>();
process.once('exit', () => {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/** A detached child's process group, killed with this process unless it is released first. */
export const holdGroup = (pgid: number | undefined) => {
  if (pgid) live.add(pgid);
};

/** The group exited on its own: nothing to kill any more. */
export const releaseGroup = (pgid: number | undefined) => {
  if (pgid) live.delete(pgid);
};
