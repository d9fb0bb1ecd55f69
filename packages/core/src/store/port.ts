import type {
  AuditEntry,
  ChatTurnState,
  ClaimInput,
  ClaimResult,
  CommitTurnInput,
  MemberRole,
  OutboxRow,
  PendingAction,
  StoredToolResult,
  Tenant,
  TenantContext,
} from './types.ts';

/**
 * The data port. Every method of TenantStore is one transaction run as the `authenticated` role
 * with `request.jwt.claims = {"tenant_id": …}` set locally — the database's RLS policies, not
 * this code, keep tenants apart.
 */
export interface Store {
  /**
   * Maps a Green-API instance to its tenant. Runs as `service_role`: the tenant is not known
   * before this call. Returns null for unknown (or disabled, with status) instances.
   */
  resolveTenantByInstance(idInstance: string): Promise<Pick<Tenant, 'id' | 'status'> | null>;
  /** Lists active tenants' instances (service role): for the lost-webhook backstop. */
  listActiveInstances(): Promise<Array<{ tenantId: string; idInstance: string }>>;
  forTenant(tenantId: string): TenantStore;
  /** Statements sent to the database so far (BEGIN/COMMIT included): the benchmark's round trips. */
  roundTrips(): number;
  close(): Promise<void>;
}

export interface TenantStore {
  readonly tenantId: string;
  /**
   * Claims (tenant, idMessage). Exactly one concurrent caller gets `claimed`; the others get
   * `duplicate`. A row left `processing` past its lease, or `failed` (retryable), is re-claimed
   * with attempt + 1 so a redelivery can finish a half-done message.
   */
  claimMessage(input: ClaimInput): Promise<ClaimResult>;
  /**
   * Tenant, sender, session, memory and secret ciphertexts in one statement. The session is the
   * chat's; the sender is the person who wrote (the same id except in a group).
   */
  loadContext(chatId: string, senderId?: string): Promise<TenantContext>;
  getToolResults(messageId: string): Promise<StoredToolResult[]>;
  putToolResult(messageId: string, r: StoredToolResult): Promise<void>;
  appendAudit(rows: AuditEntry[]): Promise<void>;
  /** Audit rows + session/memory + outbox + message status, in one transaction. Returns outbox ids. */
  commitTurn(input: CommitTurnInput): Promise<string[]>;
  /** Locks up to `limit` due outbox rows (skip locked) and marks them sending. */
  takeOutbox(limit: number, messageId?: string): Promise<OutboxRow[]>;
  completeOutbox(
    id: string,
    outcome: { sent: true; providerMessageId: string } | { sent: false; error: string; retryAt: Date | null },
  ): Promise<void>;
  markMessage(messageId: string, status: 'done' | 'failed', error?: string | null): Promise<void>;
  createPendingAction(a: Omit<PendingAction, 'id'>): Promise<PendingAction>;
  /** Single use: returns and consumes the sender's latest unexpired pending action, if any. */
  takePendingAction(chatId: string, now: Date): Promise<PendingAction | null>;
  setSenderOptOut(chatId: string, optedOut: boolean): Promise<void>;
  /**
   * The chat's queue as seen from one message: is an earlier message still open, which later
   * ones fall in its burst window, and was it itself absorbed into an earlier turn.
   */
  chatTurnState(chatId: string, messageId: string, burstWindowSeconds: number): Promise<ChatTurnState>;
  /** The web user's role in this tenant (tenant_members), or null when not a member. */
  memberRole(userId: string): Promise<MemberRole | null>;
  pauseChat(chatId: string, until: Date): Promise<void>;
}
