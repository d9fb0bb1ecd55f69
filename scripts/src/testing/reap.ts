import { readdirSync, readFileSync } from 'node:fs';

/**
 * Kills (SIGKILL) every process whose environment holds `name=value`, this one excepted, and says
 * how many. Children inherit their parent's environment, so a mark set on a step reaches all it
 * started, even a detached server whose parent died (it is no longer in the step's tree or group).
 * Linux only (/proc); elsewhere it finds nothing.
 */
export function reapMarked(name: string, value: string): number {
  const needle = `${name}=${value}`;
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return 0;
  }
  let killed = 0;
  for (const pid of pids) {
    if (pid === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (!environ.split('\0').includes(needle)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      /* exited meanwhile */
    }
  }
  return killed;
}
