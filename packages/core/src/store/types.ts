/** Rows the pipeline reads and writes, as core sees them (camelCase, parsed). */
export type MessageStatus = 'received' | 'processing' | 'done' | 'failed' | 'dead' | 'throttled' | 'ignored';
export type SenderRole = 'admin' | 'member';
export type MemberRole = 'owner' | 'admin' | 'member' | 'viewer';
export type CrmMode = 'dedicated' | 'shared';
export type CrmAuthMode = 'apikey' | 'hmac' | 'basic';
export type Locale = 'fr' | 'en';

export interface Tenant {
  id: string;
  name: string;
  status: 'onboarding' | 'active' | 'disabled' | 'deleted';
  locale: Locale;
  timezone: string;
  /** ISO 3166 alpha-2 region, the default for local phone numbers (06… in FR → +33 6…). */
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
  /** WhatsApp groups: off unless turned on. */
  groupsEnabled: boolean;
  /** In a group, CRM records / e-mails / phones may be posted to the group (else: private reply). */
  groupCrmData: boolean;
  /** The name a group message starts with to address MAX. */
  assistantName: string;
  /** Distinct messages of one chat started per minute; more wait their turn. */
  chatMessagesPerMinute: number;
  /** Changes with any setting or secret: cached clients are rebuilt when it moves. */
  settingsVersion: number;
  /**
   * The UTC month (YYYY-MM-01) in which the tenant reached a limit of its plan (written by the
   * metering triggers): that month MAX answers but does not act, unless limits are lifted.
   */
  planBlockedMonth?: string | null;
  /** An operator lifted the plan's limits until then (ISO). */
  limitsLiftedUntil?: string | null;
}

export interface Sender {
  chatId: string;
  role: SenderRole;
  displayName: string | null;
  optedOut: boolean;
  /** What the sender asked to be called ("appelle-moi Marie"). */
  preferredName?: string | null;
  /** The language the sender asked MAX to answer in ("réponds-moi en anglais"). */
  preferredLanguage?: Locale | null;
  /** The UTC month (YYYY-MM-01) in which this sender was one user beyond the plan's. */
  planBlockedMonth?: string | null;
}

export interface SessionTurn {
  role: 'user' | 'assistant';
  text: string;
  at: string;
}

export interface Session {
  /** The conversation: the chat id, or `<group>/<member>` in a group. */
  key: string;
  turns: SessionTurn[];
  pausedUntil: string | null;
  /** Last record the conversation was about: lets "ajoute une note" follow "crée un lead". */
  focus: { entity: string; id: string; name: string | null } | null;
}

export interface SecretCiphertext {
  name: string;
  keyId: string;
  ciphertext: string;
}

export interface PendingAction {
  id: string;
  /** The conversation it belongs to (session key). */
  key: string;
  tool: string;
  args: unknown;
  argsDigest: string;
  expiresAt: string;
}

export interface StoredToolResult {
  callIndex: number;
  tool: string;
  argsDigest: string;
  ok: boolean;
  result: unknown;
  /** 'unknown': a CRM write whose answer was lost; the retry looks before writing again. */
  state?: 'done' | 'unknown';
}

/** What a message said, kept (for known senders only) until its turn has been handled. */
export interface MessageContent {
  kind: string;
  text: string | null;
  /** Looks like the start of a longer request ("crée", ends with ":"): its burst waits longer. */
  unfinished?: boolean;
  [k: string]: unknown;
}

export interface BeginTurnInput {
  /** WhatsApp: the receiving Green-API instance decides the tenant. */
  instance?: string;
  /** Web chat: the tenant named by the (verified) request. */
  tenantId?: string;
  channel: 'whatsapp' | 'web' | 'human';
  idMessage: string;
  chatId: string;
  /** Who wrote (the member in a group; the chat in a 1:1 chat). */
  senderId: string;
  /** The conversation's session / pending-action key. */
  sessionKey: string;
  typeMessage: string;
  /** WhatsApp's unix-seconds timestamp: the order within a conversation. */
  waTimestamp: number;
  requestId: string;
  /** When the edge received it (ISO). */
  receivedAt?: string;
  content: MessageContent | null;
  /** Web chat: the verified Supabase user. */
  userId?: string;
  /** Operator replay of a dead message. */
  replay?: boolean;
  /** The settings version the caller's cached clients were built from (secrets are skipped when equal). */
  knownVersion?: number;
  /** Sent once per chat and minute when the chat's rate is exceeded. */
  throttleNotice?: string;
  leaseMs: number;
  /** A complete-looking message waits this long after the latest message of its burst (ms). */
  settleMs: number;
  /** An unfinished-looking one waits this long (ms). */
  burstWindowMs: number;
  /** No message waits for its burst longer than this after its claim (ms). */
  burstMaxWaitMs: number;
  /** A backlog message (reached MAX backlogLagMs after its WhatsApp time) settles this long instead (ms). */
  reorderWindowMs?: number;
  backlogLagMs?: number;
  /** Earlier messages of the same chat in the same queue batch: waited for until recorded (at most reorderWindowMs). */
  awaits?: string[];
  /** Told once to a message that waits for an earlier one: after waitNoticeAfterMs, or at once behind an outage. */
  waitNotice?: string;
  waitNoticeOutage?: string;
  waitNoticeAfterMs?: number;
}

export interface Follower {
  id: string;
  idMessage: string;
  waTimestamp: number;
  content: MessageContent;
}

export interface TurnContext {
  tenant: Tenant;
  sender: Sender | null;
  memberRole: MemberRole | null;
  session: Session | null;
  memory: Record<string, string>;
  /** Null when the caller's cached clients are current (knownVersion matched). */
  secrets: SecretCiphertext[] | null;
  pending: PendingAction | null;
  /** Results stored by earlier attempts of this message (empty on a first attempt). */
  stored: StoredToolResult[];
  /** An unknown sender was already refused once in this chat. */
  refusedBefore: boolean;
}

export type BeginTurnResult =
  | { outcome: 'unknown_instance' }
  | { outcome: 'tenant_disabled'; tenantId: string }
  | { outcome: 'not_member'; tenantId: string }
  | { outcome: 'ignored'; tenantId: string; reason: string }
  | { outcome: 'paused'; tenantId: string; messageId: string }
  | {
      outcome: 'duplicate';
      tenantId: string;
      messageId: string | null;
      status: MessageStatus;
      unsent: number;
    }
  | { outcome: 'busy'; tenantId: string; messageId: string | null; retryAfterMs: number }
  | {
      outcome: 'wait';
      tenantId: string;
      messageId: string;
      /**
       * reorder: a backlog message waits its reorder window (seconds: handed back to the queue);
       * queued: it waits for an earlier message that is itself back in the queue.
       */
      reason: 'earlier' | 'queued' | 'burst' | 'reorder' | 'throttled';
      retryAfterMs: number;
      /** A throttle notice taken for sending. */
      outbox: OutboxRow[];
    }
  | {
      outcome: 'claimed';
      tenantId: string;
      messageId: string;
      attempt: number;
      receivedAt: string;
      /** How this message's previous attempt failed (null: none did): a repeated failure is not bad luck. */
      lastError: string | null;
      followers: Follower[];
      context: TurnContext;
    };

/** One attempt at one message: every write of the attempt is fenced by it. */
export interface TurnRef {
  tenantId: string;
  messageId: string;
  attempt: number;
}

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

export interface OutboxInput {
  chatId: string;
  body: string;
  /** Idempotency key of the send (message id + reply index): one WhatsApp message per key. */
  sendKey: string;
  quotedMessageId?: string | null;
}

export interface OutboxRow extends OutboxInput {
  id: string;
  messageId: string | null;
  attempts: number;
  createdAt: string;
  /** Its last send may have happened (outcome unknown, or a sender died mid-send): look before re-sending. */
  checkFirst: boolean;
}

export type SendResult =
  | { sent: true; providerMessageId: string }
  /** Found in Green-API's record of sent messages: the first candidate no other reply owns is this one. */
  | { found: true; candidates: string[] }
  | {
      sent: false;
      /** 'not_sent': provably nothing went out; 'unknown': it may have. */
      delivery: 'not_sent' | 'unknown';
      error: string;
      retryAfterMs: number;
      permanent?: boolean;
    };

export interface CommitTurnInput extends TurnRef {
  status: 'done' | 'ignored';
  /** What the turn ended as (answered, unknown_sender, paused…). */
  outcome: string;
  error?: string | null;
  /** Messages of a burst handled in this turn: marked done, pointing at this one. */
  merged: string[];
  audit: AuditEntry[];
  session: Session | null;
  pendingCreate?: { key: string; tool: string; args: unknown; argsDigest: string; ttlMs: number } | null;
  pendingResolve?: { id: string; resolution: 'confirmed' | 'cancelled' } | null;
  optOut?: { chatId: string; value: boolean } | null;
  memory?: MemoryChanges | null;
  outbox: OutboxInput[];
}

export type CommitTurnResult =
  | { kind: 'committed'; outbox: OutboxRow[] }
  /** Nothing was written: the tenant memory changed since the turn read it; here it is now. */
  | { kind: 'memory_conflict'; memory: Record<string, string> };

export interface FailAttemptResult {
  /** False: the attempt no longer held the message (nothing changed). */
  held: boolean;
  /** The sender's notice, taken for sending (empty when none was due). */
  outbox: OutboxRow[];
}

/** A turn's changes to what MAX remembers: the tenant's memory, and the sender's own facts. */
export interface MemoryChanges {
  set: Record<string, string>;
  delete: string[];
  /** whatsapp_senders columns of the turn's sender (absent: unchanged; null: cleared). */
  sender?: { chatId: string; name?: string | null; language?: Locale | null } | null;
  /**
   * The tenant memory these changes were decided from: the commit writes them only if the memory
   * is still exactly this (else it returns the current memory and the turn decides again).
   */
  basedOn?: Record<string, string>;
}

export interface DeadLetterInput {
  instance: string;
  idMessage: string;
  chatId: string;
  senderId: string;
  typeMessage: string;
  waTimestamp: number;
  requestId: string;
  receivedAt?: string;
  reason: string;
  content: MessageContent | null;
  /** Told to a known sender, once, quoting the message. */
  notice: string | null;
}

export type DeadLetterResult =
  | { outcome: 'unknown_instance' }
  | { outcome: 'already_final'; tenantId: string; outbox: OutboxRow[] }
  | { outcome: 'recorded'; tenantId: string; messageId: string; outbox: OutboxRow[] };

/** What the tenant's outbound pacing says about one send to a lead or contact. */
export type OutboundReservation =
  | { ok: true; again: boolean; sentToday?: number; cap?: number }
  | { ok: false; reason: 'daily_cap'; cap: number; sentToday: number }
  | { ok: false; reason: 'spacing'; retryAfterMs: number; spacingSeconds: number };
