import type { InboundMessage } from '../../greenapi/inbound.ts';
import type { Logger } from '../../shared/logger.ts';
import type {
  AuditEntry,
  Follower,
  MemoryChanges,
  SenderRole,
  Session,
  TurnContext,
  TurnRef,
} from '../../store/types.ts';
import type { AgentResult } from '../loop/run-agent.ts';
import type { Conversation } from './claim/conversation.ts';
import type { NamedRecord } from './named-records.ts';
import type { PipelineDeps } from './wiring/deps.ts';
import type { TenantClients } from './wiring/ports.ts';

/** What a turn is handed (the claimed message, its conversation, context and clients). */
export interface TurnInput {
  deps: PipelineDeps;
  log: Logger;
  turn: TurnRef;
  conv: Conversation;
  msg: InboundMessage;
  followers: Follower[];
  ctx: TurnContext;
  clients: TenantClients;
  /** Whose rights the turn acts with: the sender's own role (null: a stranger). */
  role: SenderRole | 'viewer' | null;
  channel: 'whatsapp' | 'web';
  receivedAt: string;
  /** MAX's own WhatsApp id on this instance (a group mention names it). */
  ownWid: string | null;
}

/** Everything a turn commits: status, audit, session, confirmations, opt-out and the replies. */
export interface TurnPlan {
  status: 'done' | 'ignored';
  outcome: string;
  audit: AuditEntry[];
  session: Session | null;
  merged: string[];
  replies: Array<{ chatId: string; body: string }>;
  pendingCreate?: AgentResult['pending'];
  pendingResolve?: { id: string; resolution: 'confirmed' | 'cancelled' } | null;
  optOut?: { chatId: string; value: boolean } | null;
  /** Memory changes the turn's tools asked for (tenant memory, sender facts), applied by the commit. */
  memory?: MemoryChanges | null;
  metrics?: { engine: string; modelCalls: number; promptTokens: number; toolCalls: number };
  /** The CRM records the replies name (the web console links them). */
  records?: NamedRecord[];
}

/** A plan with the defaults of a turn that did nothing special (done, no audit, no reply). */
export const plan = (p: Partial<TurnPlan> & Pick<TurnPlan, 'outcome'>): TurnPlan => ({
  status: 'done',
  audit: [],
  session: null,
  merged: [],
  replies: [],
  ...p,
});

/** An audit row of the turn itself (not of a tool): who, what, and how it ended. */
export const note = (t: TurnInput, action: string, result: AuditEntry['result'] = 'ok'): AuditEntry => ({
  messageId: t.turn.messageId,
  actor: t.conv.senderId,
  action,
  targetEntity: null,
  targetId: null,
  argsDigest: null,
  result,
  latencyMs: 0,
});
