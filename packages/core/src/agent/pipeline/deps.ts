import type { OperateDeps } from '../../operate/deps.ts';
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
  };
}
