import { readdirSync, readFileSync } from 'node:fs';

const parentOf = (pid: number): number | null => {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
};
const commOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
};

/** The process named `comm` among `root` and its descendants (npx → node → deno), Linux only. */
export function findDescendant(root: number, comm: string): number | null {
  const pids = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const inTree = (pid: number) => {
    for (let p: number | null = pid; p && p > 1; p = parentOf(p)) if (p === root) return true;
    return false;
  };
  return pids.find((p) => commOf(p) === comm && inTree(p)) ?? null;
}

/** Resident memory of a process in MiB (VmRSS). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1]);
  return kb / 1024;
}
