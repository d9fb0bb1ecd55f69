import { signInternal } from '@max/core/queue';
import type { WorkerConfig } from './env.ts';

/** The header that tells the agent which delivery of a queued message this is (1 = the first). */
export const ATTEMPT_HEADER = 'x-max-attempt';

export interface AgentCallOptions {
  requestId: string;
  timeoutMs: number;
  /** The queue's delivery count, for queued work. */
  attempt?: number;
}

/**
 * The Worker's one signed call to the agent function (queue consumer, dead letters, web chat,
 * cron): HMAC of timestamp + body with AGENT_SHARED_SECRET. Throws on timeout or network error.
 */
export async function callAgent(
  config: Pick<WorkerConfig, 'AGENT_URL' | 'AGENT_SHARED_SECRET'>,
  payload: string,
  o: AgentCallOptions,
): Promise<Response> {
  return fetch(config.AGENT_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': o.requestId,
      ...(o.attempt !== undefined ? { [ATTEMPT_HEADER]: String(o.attempt) } : {}),
      ...(await signInternal(config.AGENT_SHARED_SECRET, payload, new Date())),
    },
    body: payload,
    signal: AbortSignal.timeout(o.timeoutMs),
  });
}

/** Why a call that threw got no answer, as forwardDecision reads it. */
export const noAnswer = (e: unknown): 'timeout' | 'network' =>
  (e as Error)?.name === 'TimeoutError' ? 'timeout' : 'network';

/** The agent's status and Retry-After, the body discarded; timeout / network when there was none. */
export async function agentStatus(
  config: Pick<WorkerConfig, 'AGENT_URL' | 'AGENT_SHARED_SECRET'>,
  payload: string,
  o: AgentCallOptions,
): Promise<{ status: number | 'timeout' | 'network'; retryAfter: string | null; error?: unknown }> {
  try {
    const res = await callAgent(config, payload, o);
    await res.body?.cancel();
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  } catch (e) {
    return { status: noAnswer(e), retryAfter: null, error: e };
  }
}
