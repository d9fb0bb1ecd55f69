import type { AuditEntry } from '../../store/types.ts';
import type { ToolOutcome } from '../types.ts';

/** One audit row for a call. */
export function auditRow(
  a: { messageId: string; actor: string; started: number; now: number; engine: 'model' | 'rules' },
  name: string,
  result: AuditEntry['result'],
  outcome: ToolOutcome | null,
  digest: string | null,
  extra?: Record<string, unknown>,
): AuditEntry {
  const first = outcome?.ok ? outcome.records[0] : undefined;
  return {
    messageId: a.messageId,
    actor: a.actor,
    action: name,
    targetEntity: first ? (outcome?.ok && outcome.entity ? outcome.entity : 'Lead') : null,
    targetId: first?.id ?? null,
    argsDigest: digest,
    result,
    latencyMs: a.now - a.started,
    detail: {
      engine: a.engine,
      ...(outcome ? { outcome: outcome.kind } : {}),
      ...(outcome?.ok && outcome.audit ? { audit: outcome.audit } : {}),
      ...extra,
    },
  };
}
