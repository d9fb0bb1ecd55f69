/** What the eval saw of one case's last message: MAX's calls, the CRM's changes, memory, the reply. */
export interface AuditCall {
  tool: string;
  /** max_logs.result: ok, reused, error, denied, pending_confirmation. */
  result: string;
  targetEntity: string | null;
  targetId: string | null;
  /** max_logs.args_digest: the digest of the exact arguments the tool ran with. */
  argsDigest: string | null;
  /** The stored outcome of a write (tool_calls.result), null for a read. */
  outcome: Record<string, unknown> | null;
}

export interface RecordView {
  entity: string;
  id: string;
  attrs: Record<string, unknown>;
}

export interface CrmChange {
  entity: string;
  id: string;
  kind: 'created' | 'updated' | 'deleted';
}

export interface CaseObservation {
  /** The replies to the case's message, joined. */
  reply: string;
  calls: AuditCall[];
  /** The CRM before the message vs after it (the case's own CRM, or a real one used by one case at a time). */
  changes: CrmChange[];
  /** Records read after the case, by `Entity:id`: those changed and those the calls name. */
  records: Map<string, RecordView>;
  /** Records the case seeded, by id. */
  seeds: string[];
  timeZone: string;
  /** The run's calendar day in the case's time zone. */
  runToday: string;
}

export const recordKey = (entity: string, id: string) => `${entity}:${id}`;
