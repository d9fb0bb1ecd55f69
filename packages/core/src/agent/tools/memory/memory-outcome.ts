import type { ToolOutcome } from '../../types.ts';

/** Every memory tool answers with kind `memory`; `detail.action` says what happened (render/memory.ts). */
export const memoryOutcome = (
  detail: Record<string, unknown> & { action: string },
  extra: Partial<Extract<ToolOutcome, { ok: true }>> = {},
): ToolOutcome => ({ ok: true, kind: 'memory', records: [], detail, ...extra });

/** Keys only: a value may hold personal data, and the audit log is never erased. */
export const auditKeys = (keys: string[]) => ({ keys });
