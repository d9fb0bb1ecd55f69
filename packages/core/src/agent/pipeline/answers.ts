import { type AgentOutcome, outcomeStatus } from '../../queue/agent-answer.ts';
import { AppError, type ErrorCode, toHttp } from '../../shared/errors.ts';

/** What the agent endpoint answers: status, body, and Retry-After when it asks to come back. */
export interface PipelineResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** A document that is not JSON (an operator's export): sent as it is, `body` ignored. */
  raw?: { contentType: string; body: string; fileName: string };
}

const withRetryAfter = (
  outcome: AgentOutcome,
  ms: number,
  reason: string,
  extra: Record<string, unknown>,
) => {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return {
    status: outcomeStatus[outcome],
    body: { outcome, retryAfterSeconds: seconds, reason, ...extra },
    headers: { 'retry-after': String(seconds) },
  };
};

/** The answers of queue/agent-answer.ts's contract. */
export const answer = {
  /** Finished (or provably finished before): the queue may forget the message. */
  done: (body: Record<string, unknown> = {}): PipelineResponse => ({
    status: 200,
    body: { outcome: 'done', ...body },
  }),
  duplicate: (body: Record<string, unknown> = {}): PipelineResponse => ({
    status: 200,
    body: { outcome: 'duplicate', duplicate: true, ...body },
  }),
  ignored: (reason: string, body: Record<string, unknown> = {}): PipelineResponse => ({
    status: 200,
    body: { outcome: 'ignored', ignored: reason, ...body },
  }),
  /** Not a failure: bring it back later (a live attempt holds it, an earlier one goes first, the chat's rate). */
  defer: (ms: number, reason: string, extra: Record<string, unknown> = {}): PipelineResponse =>
    withRetryAfter('defer', ms, reason, extra),
  /** A failure that may go away: retry with backoff (the queue dead-letters it in the end). */
  retry: (ms: number, reason: string, extra: Record<string, unknown> = {}): PipelineResponse =>
    withRetryAfter('retry', ms, reason, extra),
  /** Never acceptable (bad signature, bad body, unknown instance): mapped by the one error table. */
  reject: (e: unknown): PipelineResponse => {
    const http = toHttp(e);
    return { status: http.status, body: { outcome: 'reject', ...http.body } };
  },
  rejectWith: (code: ErrorCode, message: string): PipelineResponse =>
    answer.reject(new AppError(code, message)),
};
