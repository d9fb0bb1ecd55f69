/** Rows the pipeline reads and writes, as core sees them (camelCase, parsed). */
export type MessageStatus = 'received' | 'processing' | 'done' | 'failed' | 'throttled' | 'ignored';
export type SenderRole = 'admin' | 'member';
export type MemberRole = 'owner' | 'admin' | 'member' | 'viewer';
export type CrmMode = 'dedicated' | 'shared';
export type CrmAuthMode = 'apikey' | 'hmac' | 'basic';
export type Locale = 'fr' | 'en';

export interface Tenant {
  id: string;
  name: string;
  status: 'active' | 'disabled';
  locale: Locale;
  timezone: string;
  /** ISO 3166 alpha-2, used to normalise local phone numbers (FR → +33). */
  defaultCountry: string;
  greenApiInstanceId: string;
  greenApiUrl: string;
  crmMode: CrmMode;
  crmBaseUrl: string;
  crmAuthMode: CrmAuthMode;
  /** Shared mode: the EspoCRM field holding the tenant id (e.g. cTenantId). */
  crmTenantField: string | null;
  llmBaseUrl: string | null;
  llmModel: string | null;
  /** Minutes the bot stays quiet in a chat after a human answered from the business phone. */
  humanPauseMinutes: number;
}

export interface Sender {
  chatId: string;
  role: SenderRole;
  displayName: string | null;
  optedOut: boolean;
}

export interface SessionTurn {
  role: 'user' | 'assistant';
  text: string;
  at: string;
}

export interface Session {
  chatId: string;
  turns: SessionTurn[];
  pausedUntil: string | null;
  /** Last lead the conversation was about: lets "ajoute une note" follow "crée un lead". */
  focus: { entity: string; id: string; name: string | null } | null;
}

export interface SecretCiphertext {
  name: string;
  keyId: string;
  ciphertext: string;
}

export interface TenantContext {
  tenant: Tenant;
  sender: Sender | null;
  session: Session | null;
  memory: Record<string, string>;
  secrets: SecretCiphertext[];
}

export interface ClaimInput {
  idMessage: string;
  chatId: string;
  typeMessage: string;
  /** WhatsApp's unix-seconds timestamp: the order within a chat. */
  waTimestamp: number;
  requestId: string;
  /** How long this claim holds before another delivery may take over a crashed attempt. */
  leaseMs: number;
  /** throttled / ignored rows are recorded but never processed. */
  initialStatus?: 'processing' | 'throttled' | 'ignored';
  /** What the message said, kept until its turn so a burst can be handled as one request. */
  content?: Record<string, unknown> | null;
}

/** Where a message stands in its chat's queue (per-chat order and bursts). */
export interface ChatTurnState {
  /** The message's own status: 'done' when an earlier message's turn absorbed it. */
  selfStatus: MessageStatus;
  mergedInto: string | null;
  /** Earlier messages of the chat still open: this one waits for them. */
  earlierOpen: number;
  /** Later claimed messages of the chat within the burst window, in WhatsApp order. */
  followers: Array<{ id: string; waTimestamp: number; content: Record<string, unknown> }>;
}

export type ClaimResult =
  | { outcome: 'claimed'; messageId: string; attempt: number }
  | { outcome: 'duplicate'; status: MessageStatus };

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

export interface StoredToolResult {
  callIndex: number;
  tool: string;
  argsDigest: string;
  ok: boolean;
  result: unknown;
}

export interface OutboxInput {
  chatId: string;
  body: string;
  /** Idempotency key of the send (message id + reply index): one WhatsApp message per key. */
  sendKey: string;
  quotedMessageId?: string | null;
}

export interface OutboxRow extends OutboxInput {
  id: string;
  tenantId: string;
  attempts: number;
  status: 'pending' | 'sending' | 'sent' | 'failed';
}

export interface PendingAction {
  id: string;
  chatId: string;
  tool: string;
  args: unknown;
  argsDigest: string;
  expiresAt: string;
}

export interface CommitTurnInput {
  messageId: string;
  chatId: string;
  audit: AuditEntry[];
  session: Omit<Session, 'chatId'>;
  memory?: Record<string, string>;
  outbox: OutboxInput[];
  /** Messages of a burst handled in this turn: marked done, pointing at this one. */
  mergedMessageIds?: string[];
  /** 'throttled' keeps a rate-limited message recorded as such while its one notice is queued. */
  status: 'done' | 'failed' | 'throttled';
  error?: string | null;
}
