import { createHmac } from 'node:crypto';
import type { ApiRequestRecord, FailureStatus, IncomingRecord, SentMessage } from './records.ts';

/** The options that shape the state: which instances exist and their tokens. */
export interface TokenOptions {
  /** idInstance → apiToken. When given, only these instances exist; others get 401. */
  tokens?: Record<string, string>;
  /** Without `tokens`, every instance exists and its token is HMAC(tokenSeed, idInstance). */
  tokenSeed?: string;
}

export interface PendingFailure {
  remaining: number;
  status: FailureStatus;
  method: string | null;
  retryAfterSeconds: number | null;
}

export const noFailure = (): PendingFailure => ({
  remaining: 0,
  status: 500,
  method: null,
  retryAfterSeconds: null,
});

/** Everything the Green-API stand-in remembers, shared by its routes and its test controls. */
export interface GreenApiState {
  sent: SentMessage[];
  requests: ApiRequestRecord[];
  incoming: Map<string, IncomingRecord[]>;
  /** When each incoming record was added (ms): the journal lists it only once it is journalLagMs old. */
  addedAt: WeakMap<IncomingRecord, number>;
  journalLagMs: number;
  states: Map<string, string>;
  settings: Map<string, Record<string, unknown>>;
  files: Map<string, { bytes: Buffer; mimeType: string }>;
  // A token rotation, as Green-API's console does it: tokens an instance also accepts, or no longer does.
  accepted: Map<string, Set<string>>;
  refused: Map<string, Set<string>>;
  failure: PendingFailure;
  /** The token the stand-in expects for an instance ('' when `tokens` does not list it). */
  tokenFor(idInstance: string | number): string;
  nextIdMessage(): string;
  /** Whether a message added at `at` (ms) is old enough for the journals to list it. */
  journaled(at: number): boolean;
}

export function createGreenApiState(opts: TokenOptions): GreenApiState {
  let counter = 0;
  const seed = opts.tokenSeed ?? 'green-api-sandbox';
  const state: GreenApiState = {
    sent: [],
    requests: [],
    incoming: new Map(),
    addedAt: new WeakMap(),
    journalLagMs: 0,
    states: new Map(),
    settings: new Map(),
    files: new Map(),
    accepted: new Map(),
    refused: new Map(),
    failure: noFailure(),
    tokenFor: (idInstance) => {
      const id = String(idInstance);
      if (opts.tokens) return opts.tokens[id] ?? '';
      return createHmac('sha256', seed).update(id).digest('hex').slice(0, 50);
    },
    nextIdMessage: () => `BAE5${(++counter).toString(16).toUpperCase().padStart(12, '0')}`,
    journaled: (at) => Date.now() - at >= state.journalLagMs,
  };
  return state;
}
