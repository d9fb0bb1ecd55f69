export interface AuditEntry {
  messageId: string | null;
  actor: string;
  action: string;
  targetEntity: string | null;
  targetId: string | null;
  argsDigest: string | null;
  result: 'ok' | 'error' | 'denied' | 'pending_confirmation' | 'reused';
  latencyMs: number;
  detail?: Record<string, unknown>;
}
