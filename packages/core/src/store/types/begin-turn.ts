import type { Follower, MessageContent, MessageStatus } from './message.ts';
import type { OutboxRow } from './outbox.ts';
import type { PendingAction, StoredToolResult } from './pending.ts';
import type { SecretCiphertext } from './secret.ts';
import type { MemberRole, Sender } from './sender.ts';
import type { Session } from './session.ts';
import type { Tenant } from './tenant.ts';

/** A message's claim: what the edge hands over, and what the store answers with. */
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
