import type { OperateDeps } from '../../operate/deps.ts';
import type { KindRegistry } from '../../scheduler/handler.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Store } from '../../store/port.ts';
import type { TenantClientsProvider } from './ports.ts';

export interface PipelineDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  agentSecret: string;
  clients: TenantClientsProvider;
  /** How long a claim holds without a heartbeat: a dead attempt's message is taken over after this. */
  leaseMs?: number;
  /** How often a running attempt renews its lease. */
  heartbeatMs?: number;
  /** An attempt stops renewing its lease after this long (a hung attempt cannot hold a message forever). */
  attemptDeadlineMs?: number;
  /** A complete-looking message waits this long for more of its sender's messages (ms). */
  settleMs?: number;
  /** An unfinished-looking message ("crée", "note :") waits this long for the rest (ms). */
  burstWindowMs?: number;
  /** How long a message waits in-process for an earlier one of its conversation before going back to the queue. */
  orderWaitMs?: number;
  /** A reply whose send may have happened is checked in Green-API's journal only once it is this old (ms). */
  sentJournalLagMs?: number;
  /** The operator's side (admin API, tenant health): absent, those jobs answer 503. */
  operate?: OperateDeps;
  /**
   * A message that reached MAX more than backlogLagMs after its WhatsApp time is part of a backlog:
   * it waits this long (ms) for earlier messages of its chat that may arrive out of order.
   */
  reorderWindowMs?: number;
  backlogLagMs?: number;
  /** A message that has waited this long for an earlier one of its chat is told why (ms). */
  waitNoticeAfterMs?: number;
  /** A message failing on a bad answer or a bug is dead after this many attempts at most. */
  poisonAttempts?: number;
  /** The scheduler's kinds (scheduler/registry.ts); default: every kind MAX ships. */
  scheduledKinds?: KindRegistry;
}

/** The pipeline's settings with their defaults. */
export function settingsOf(d: PipelineDeps) {
  // Short: a dead attempt holds its message only this long before a redelivery takes it over.
  const leaseMs = d.leaseMs ?? 10_000;
  return {
    leaseMs,
    heartbeatMs: d.heartbeatMs ?? Math.max(200, Math.floor(leaseMs / 4)),
    attemptDeadlineMs: d.attemptDeadlineMs ?? 120_000,
    settleMs: d.settleMs ?? 50,
    burstWindowMs: d.burstWindowMs ?? 3000,
    burstMaxWaitMs: 10_000,
    orderWaitMs: d.orderWaitMs ?? 8000,
    journalLagMs: d.sentJournalLagMs ?? 15_000,
    reorderWindowMs: d.reorderWindowMs ?? 2000,
    backlogLagMs: d.backlogLagMs ?? 10_000,
    waitNoticeAfterMs: d.waitNoticeAfterMs ?? 30_000,
    poisonAttempts: d.poisonAttempts ?? 3,
  };
}
