import { backoffDelay, retryAfterMs } from '../shared/retry.ts';

/** What the queue consumer does with the agent answer (or its absence); see queue/agent-answer.ts. */
export type ForwardOutcome =
  | { action: 'ack' }
  | { action: 'retry'; delaySeconds: number }
  | { action: 'defer'; delaySeconds: number }
  | { action: 'dead_letter'; reason: string };

export interface ForwardInput {
  /** The agent's HTTP status, or why there was none. */
  status: number | 'timeout' | 'network';
  /** The agent's Retry-After header, if any. */
  retryAfter?: string | null;
  /** The queue's delivery count for this message (1 = first delivery). */
  attempts: number;
  /** How many times this message was already deferred (re-queued). */
  deferrals?: number;
  baseSeconds?: number;
  capSeconds?: number;
  /** A message deferred this often is dead-lettered: a loop, not a wait. */
  maxDeferrals?: number;
  now?: Date;
}

/** The longest wait the agent may ask for (defer or retry): past it, the ask is taken as this. */
export const MAX_HINT_SECONDS = 900;

/** 4xx answers that a later attempt can fix: a secret deploy (401/403), a timeout or a rate limit. */
const RETRYABLE_4XX = [401, 403, 408, 429];

export function forwardDecision(i: ForwardInput): ForwardOutcome {
  const base = i.baseSeconds ?? 5;
  const cap = Math.max(i.capSeconds ?? 30, 1);
  const hinted = retryAfterMs(i.retryAfter, i.now ?? new Date());
  const hintedSeconds = hinted === null ? null : Math.min(Math.ceil(hinted / 1000), MAX_HINT_SECONDS);
  const s = i.status;
  if (s === 202) {
    if ((i.deferrals ?? 0) >= (i.maxDeferrals ?? 500))
      return { action: 'dead_letter', reason: 'deferred_too_often' };
    return { action: 'defer', delaySeconds: Math.max(hintedSeconds ?? base, 1) };
  }
  if (typeof s === 'number' && s >= 200 && s < 300) return { action: 'ack' };
  // Any other 4xx will not get better by retrying (bad body, unknown instance): dead-letter it now.
  if (typeof s === 'number' && s >= 400 && s < 500 && !RETRYABLE_4XX.includes(s))
    return { action: 'dead_letter', reason: `agent_${s}` };
  // Timeouts, network errors, 5xx and the 4xx above: backoff, or longer when the agent asks for it.
  // The one backoff formula (shared/retry.ts), without jitter: the queue spreads redeliveries itself.
  const backoff =
    backoffDelay(i.attempts, { baseMs: base * 1000, maxMs: cap * 1000, random: () => 1 }) / 1000;
  return { action: 'retry', delaySeconds: Math.max(backoff, hintedSeconds ?? 0, 1) };
}
