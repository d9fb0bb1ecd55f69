import type { CrmClient } from '../../crm/port.ts';
import type { SchedulerPort } from '../../scheduler/port.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AuditEntry, SenderRole, SessionTurn, Tenant } from '../../store/types.ts';
import type { Lang } from '../lang.ts';
import type { ChatModel } from '../model/chat-model.ts';
import type { Focus, SenderFacts, ToolOutcome } from '../types.ts';
import type { OutboundPort } from '../whatsapp-ports.ts';
import type { ToolJournal } from './journal.ts';

/** What one request of a turn is run with, and what its run holds as it goes (decide ↔ act). */
export interface AgentInput {
  /** The request: one or more messages of one person, in WhatsApp order. */
  texts: string[];
  lang: Lang;
  messageId: string;
  actor: string;
  role: SenderRole | 'viewer';
  tenant: Tenant;
  focus: Focus;
  /** The focus was set moments ago: a bare e-mail or phone completes that record. */
  focusFresh?: boolean;
  history: SessionTurn[];
  today: string;
  crm: CrmClient;
  model: ChatModel | null;
  clock: Clock;
  logger: Logger;
  journal: ToolJournal;
  /** Where this request's call indices start (a turn with several requests gives each a range). */
  indexBase?: number;
  /** The conversation a confirmation prompt belongs to. */
  pendingKey: string;
  pendingTtlMs?: number;
  /** What MAX knows about the business (tenant_memory): the model's context, the tools' defaults. */
  memory?: Record<string, string>;
  /** The sender's own facts; null when the request has no WhatsApp sender. */
  sender?: SenderFacts | null;
  /** Past a limit of the tenant's plan: reads run, writes are refused (pipeline/plan-limit.ts). */
  pastPlanLimit?: boolean;
  /** HTTP requests the tenant's CRM client has made so far (metering: each call's audit row says how many). */
  crmRequests?: () => number;
  /** The scheduler for the WhatsApp sender (reminder replies, settings). */
  scheduler?: SchedulerPort | null;
  /** Messages to leads and contacts (WhatsApp turns only). */
  outbound?: OutboundPort;
}

export interface PendingCreate {
  key: string;
  tool: string;
  args: unknown;
  argsDigest: string;
  ttlMs: number;
}

/** Model tokens of a request beyond its prompt: what metering counts (the `model_usage` audit row). */
export interface TokenUse {
  cachedTokens: number;
  completionTokens: number;
}

export interface PlannedCall {
  name: string;
  args: unknown;
  /** Set when the model's JSON could not be parsed. */
  rawError?: string;
  modelCallId?: string;
  /** The model's raw argument text, replayed verbatim in the assistant message on a retry. */
  rawArguments?: string;
  /** The rules engine proposes it: it waits for the sender's yes like a risky tool does. */
  propose?: boolean;
}

export interface Plan {
  content: string | null;
  calls: PlannedCall[];
}

export interface RunState {
  audit: AuditEntry[];
  focus: Focus;
  outcomes: ToolOutcome[];
  calls: number;
  pending: PendingCreate | null;
  modelCalls: number;
  promptTokens: number;
  tokens: TokenUse;
  engine: 'model' | 'rules';
  /** The tenant's memory with this request's earlier changes applied. */
  memory: Record<string, string>;
  /** The confirmation question of `pending`, in words. */
  question: string;
}
