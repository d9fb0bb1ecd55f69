import { sortedEntries } from './keys.ts';
import { MEMORY_LIMITS } from './limits.ts';

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The tenant's memory as the model sees it: the most useful entries first (profile, defaults,
 * goals, preferences, notes), each value cut short, the whole bounded; `more` counts what was left
 * out (the recall tool shows everything). Null when there is nothing to say.
 */
export function memoryBlock(memory: Record<string, string> | undefined): Record<string, unknown> | null {
  const entries = sortedEntries(memory ?? {});
  if (!entries.length) return null;
  const block: Record<string, unknown> = {};
  let size = 2;
  let kept = 0;
  for (const [key, value] of entries) {
    const v = cut(value, MEMORY_LIMITS.blockValueChars);
    const add = JSON.stringify(key).length + JSON.stringify(v).length + 2;
    if (size + add > MEMORY_LIMITS.blockChars - 16) break;
    block[key] = v;
    size += add;
    kept++;
  }
  if (kept < entries.length) block.more = entries.length - kept;
  return block;
}
