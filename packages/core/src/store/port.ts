import type { SqlClient, SqlQuery } from './postgres/sql-client.ts';
import type {
  BeginTurnInput,
  BeginTurnResult,
  CommitTurnInput,
  CommitTurnResult,
  DeadLetterInput,
  DeadLetterResult,
  FailAttemptResult,
  OutboundReservation,
  OutboxRow,
  SecretCiphertext,
  SenderRole,
  SendResult,
  StoredToolResult,
  Tenant,
  TurnRef,
} from './types.ts';

/**
 * The data port: each method is one unit of work and one database round trip (a SQL function
 * that sets the tenant claim itself and runs under RLS as the agent's role, `max_agent`). Writes
 * made by an attempt are fenced by its attempt number, so an attempt that lost its lease cannot finish.
 */
export interface Store {
  /** Claims a message, decides whether it may run now, and loads everything its turn needs. */
  beginTurn(input: BeginTurnInput): Promise<BeginTurnResult>;
  /** Stores one tool call's result (or that its outcome is unknown) and renews the lease. False: lease lost. */
  putToolResult(turn: TurnRef, result: StoredToolResult, leaseMs: number): Promise<boolean>;
  /** Renews a running attempt's lease. False: another attempt took the message over. */
  heartbeat(turn: TurnRef, leaseMs: number): Promise<boolean>;
  /** Gives a message back for a retry, or (final) marks it dead. */
  failTurn(turn: TurnRef, error: string, final: boolean): Promise<boolean>;
  /**
   * Gives a message back for a retry after a retryable failure and, when a notice is given, queues
   * it once for the sender ("it waits for the CRM") and takes it for sending.
   */
  failAttempt(turn: TurnRef, f: { error: string; notice?: string | null }): Promise<FailAttemptResult>;
  /**
   * Audit, session, memory, pending action, outbox and status in one transaction; returns the
   * turn's replies, taken for sending. Writes nothing and returns the current tenant memory when
   * the memory changed since the turn read it (`memory.basedOn`): the turn decides again from it.
   * Throws AppError 'conflict' (lease_lost) when fenced out.
   */
  commitTurn(input: CommitTurnInput): Promise<CommitTurnResult>;
  /** Takes unsent replies of one message, or (dueOnly) any that are due. */
  takeOutbox(
    tenantId: string,
    o: { messageId?: string; limit: number; dueOnly: boolean },
  ): Promise<OutboxRow[]>;
  /**
   * Records what became of one send. Returns the row's new status, or 'unmatched' when none of the
   * found candidates is free (they belong to other replies): the row must be sent after all.
   */
  completeSend(tenantId: string, outboxId: string, result: SendResult): Promise<string | null>;
  /** Records a message the queue gave up on (dead) and takes its notice for sending. */
  deadLetter(input: DeadLetterInput): Promise<DeadLetterResult>;
  /**
   * Reserves one message MAX sends on its own initiative (to a lead or contact) under the tenant's
   * daily cap and spacing; the same key again is the same send, never counted twice.
   */
  reserveOutbound?(tenantId: string, key: string, chatId: string): Promise<OutboundReservation>;
  /** The tenant's WhatsApp team (senders not opted out): whom to tell when a lead writes in. */
  teamChats?(tenantId: string): Promise<Array<{ chatId: string; role: SenderRole }>>;
  /** Active tenants' instances (service role): for the lost-webhook backstop. */
  activeInstances(): Promise<Array<{ tenantId: string; idInstance: string }>>;
  /** A tenant's settings, and its secret ciphertexts unless `knownVersion` is current. */
  tenantContext(
    tenantId: string,
    knownVersion?: number,
  ): Promise<{ tenant: Tenant; secrets: SecretCiphertext[] | null } | null>;
  /** The database answers (health checks). */
  ping(): Promise<void>;
  /**
   * A signed-in person's request (the console), never a message's: one transaction as
   * `authenticated` with their verified token's claims set locally, as PostgREST runs it, so RLS
   * and the person functions' role checks decide what it reads and writes.
   */
  asPerson<T>(name: string, claims: Record<string, unknown>, run: (tx: SqlQuery) => Promise<T>): Promise<T>;
  /**
   * Operator work (the admin API, tenant health, exports: core's operate/) on the store's own
   * connection, as the connection's user (the database owner), bounded in time and with the store's
   * error model. Not for messages: their units are the methods above, one statement each.
   */
  operate<T>(name: string, run: (sql: SqlClient) => Promise<T>): Promise<T>;
  /** Statements sent so far, in all and per unit of work: the benchmark's round trips. */
  roundTrips(): number;
  roundTripsByUnit(): Record<string, number>;
  close(): Promise<void>;
}
