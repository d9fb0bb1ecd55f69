import type { MemoryChanges } from '../../../store/types.ts';
import type { ToolOutcome } from '../../types.ts';

/** The memory changes of a turn's outcomes, in order (a later set or delete of a key wins). */
export function memoryChanges(outcomes: ToolOutcome[]): MemoryChanges | null {
  const set: Record<string, string> = {};
  const del = new Set<string>();
  for (const o of outcomes) {
    if (!o.ok || !o.memory) continue;
    for (const k of o.memory.delete ?? []) {
      delete set[k];
      del.add(k);
    }
    for (const [k, v] of Object.entries(o.memory.set ?? {})) {
      set[k] = v;
      del.delete(k);
    }
  }
  return Object.keys(set).length || del.size ? { set, delete: [...del] } : null;
}
