/** What the queue consumer does with the agent's answer (or its absence). */
export type ForwardOutcome =
  | { action: 'ack'; permanent: boolean }
  | { action: 'retry'; delaySeconds: number };

export function forwardDecision(
  status: number | 'timeout' | 'network',
  attempts: number,
  baseSeconds = 10,
  capSeconds = 600,
): ForwardOutcome {
  if (typeof status === 'number' && status >= 200 && status < 300) return { action: 'ack', permanent: false };
  // A 4xx will not get better by retrying (bad signature, unknown instance, bad body): drop it, loudly.
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429)
    return { action: 'ack', permanent: true };
  return {
    action: 'retry',
    delaySeconds: Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), capSeconds),
  };
}
