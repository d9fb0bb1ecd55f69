import { forwardDecision } from '@max/core';
import { describe, expect, it } from 'vitest';

describe('what the queue consumer does with the agent answer', () => {
  it('acks 2xx, acks 4xx as permanent, retries 5xx/timeouts/network with exponential backoff', () => {
    expect(forwardDecision(200, 1)).toEqual({ action: 'ack', permanent: false });
    expect(forwardDecision(404, 1)).toEqual({ action: 'ack', permanent: true });
    expect(forwardDecision(401, 3)).toEqual({ action: 'ack', permanent: true });
    expect(forwardDecision(503, 1)).toEqual({ action: 'retry', delaySeconds: 10 });
    expect(forwardDecision(500, 3)).toEqual({ action: 'retry', delaySeconds: 40 });
    expect(forwardDecision('timeout', 2)).toEqual({ action: 'retry', delaySeconds: 20 });
    expect(forwardDecision('network', 1, 5)).toEqual({ action: 'retry', delaySeconds: 5 });
    expect(forwardDecision(429, 1)).toEqual({ action: 'retry', delaySeconds: 10 });
    expect(forwardDecision(503, 20)).toEqual({ action: 'retry', delaySeconds: 600 });
  });
});
