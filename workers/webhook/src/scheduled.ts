import { signInternal } from '@max/core';
import type { Bindings } from './env.ts';
import { loadConfig } from './env.ts';
import { workerLogger } from './logger.ts';

/**
 * Cron trigger: asks the agent to run the lost-webhook backstop (each active instance's
 * lastIncomingMessages through the normal path; the database claim keeps it idempotent).
 */
export async function runScheduled(env: Bindings): Promise<void> {
  const cfg = loadConfig(env);
  const log = workerLogger();
  if (!cfg.ok) {
    log.error('backstop.misconfigured', { problems: cfg.problems });
    return;
  }
  const requestId = `backstop-${crypto.randomUUID()}`;
  const body = JSON.stringify({ v: 1, kind: 'backstop', requestId, minutes: cfg.config.BACKSTOP_MINUTES });
  const res = await fetch(cfg.config.AGENT_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...(await signInternal(cfg.config.AGENT_SHARED_SECRET, body, new Date())),
    },
    body,
    signal: AbortSignal.timeout(cfg.config.AGENT_TIMEOUT_MS * 4),
  });
  const report = res.ok ? ((await res.json()) as Record<string, unknown>) : { status: res.status };
  log.info('backstop', { requestId, status: res.status, ...report });
}
