import type { AuditEntry, MemoryChanges } from '../../store/types.ts';
import type { ToolOutcome } from '../types.ts';

type Changes = { set?: Record<string, string>; delete?: string[] } | null | undefined;

/** The memory as it will be once `changes` are committed (later tools of a turn see earlier ones). */
export function applyChanges(memory: Record<string, string>, changes: Changes): Record<string, string> {
  if (!changes) return memory;
  const next = { ...memory };
  for (const k of changes.delete ?? []) delete next[k];
  Object.assign(next, changes.set ?? {});
  return next;
}

/** The sender's own facts a turn's outcomes set (a later one wins), for the commit. */
export function senderChanges(outcomes: ToolOutcome[], chatId: string): MemoryChanges['sender'] {
  let facts: { name?: string | null; language?: 'fr' | 'en' | null } | null = null;
  for (const o of outcomes) if (o.ok && o.sender) facts = { ...(facts ?? {}), ...o.sender };
  return facts ? { chatId, ...facts } : null;
}

/** The turn's tenant-memory changes plus its sender's facts: what the commit writes. */
export function withSender(memory: MemoryChanges | null | undefined, sender: MemoryChanges['sender']) {
  if (!sender) return memory ?? null;
  return { set: memory?.set ?? {}, delete: memory?.delete ?? [], sender };
}

/**
 * One audit row per change the commit applies, in the same transaction: the key, whether it was
 * new or replaced, the value's length — never the value. A value can be personal (a name, a phone,
 * a remark about a client) and the audit log is append-only: what went there could never be
 * erased, while the memory row itself can be forgotten. Who, when and which message are kept.
 */
export function memoryAudit(
  who: { messageId: string; actor: string },
  changes: MemoryChanges | null | undefined,
  before: Record<string, string>,
): AuditEntry[] {
  if (!changes) return [];
  const row = (action: string, entity: string, key: string | null, detail: Record<string, unknown>) => ({
    messageId: who.messageId,
    actor: who.actor,
    action,
    targetEntity: entity,
    targetId: key,
    argsDigest: null,
    result: 'ok' as const,
    latencyMs: 0,
    detail,
  });
  const rows: AuditEntry[] = [];
  for (const k of changes.delete) if (k in before) rows.push(row('memory_delete', 'TenantMemory', k, {}));
  for (const [k, v] of Object.entries(changes.set))
    rows.push(row('memory_set', 'TenantMemory', k, { chars: v.length, replaced: k in before }));
  const s = changes.sender;
  if (s) {
    const fields = (['name', 'language'] as const).filter((f) => f in s);
    rows.push(
      row('sender_facts', 'WhatsappSender', null, {
        fields,
        ...(s.language !== undefined ? { language: s.language } : {}),
      }),
    );
  }
  return rows;
}

/** What MAX remembers about the business is kept out of groups like CRM data. */
export const sharesMemory = (o: ToolOutcome) =>
  o.ok &&
  o.kind === 'memory' &&
  o.detail?.action === 'recalled' &&
  Array.isArray(o.detail.entries) &&
  o.detail.entries.length > 0;
