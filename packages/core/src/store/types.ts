/**
 * Rows the pipeline reads and writes, as core sees them (camelCase, parsed). One module per
 * concept under types/; this file stays the one import point so importers need not change.
 */
export type { AuditEntry } from './types/audit.ts';
export type { BeginTurnInput, BeginTurnResult, TurnContext } from './types/begin-turn.ts';
export type { CommitTurnInput, CommitTurnResult, FailAttemptResult } from './types/commit-turn.ts';
export type { DeadLetterInput, DeadLetterResult } from './types/dead-letter.ts';
export type { MemoryChanges } from './types/memory.ts';
export type { Follower, MessageContent, MessageStatus } from './types/message.ts';
export type { OutboundReservation, OutboxInput, OutboxRow, SendResult } from './types/outbox.ts';
export type { PendingAction, StoredToolResult } from './types/pending.ts';
export type { SecretCiphertext } from './types/secret.ts';
export type { MemberRole, Sender, SenderRole } from './types/sender.ts';
export type { Session, SessionTurn } from './types/session.ts';
export type { CrmAuthMode, CrmMode, Locale, Tenant } from './types/tenant.ts';
export type { TurnRef } from './types/turn-ref.ts';
