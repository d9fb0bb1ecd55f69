import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bindings } from '../src/env.ts';
import worker from '../src/index.ts';
import { received } from './agent-received.ts';

describe('cron trigger', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });
  afterEach(() => vi.restoreAllMocks());

  async function runCron(vars: Partial<Bindings> = {}) {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() }),
      { ...(env as unknown as Bindings), ...vars },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    vi.restoreAllMocks();
    return lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => String(l.event).startsWith('backstop'));
  }

  it('asks the agent, signed, to run the lost-webhook backstop, and logs its report', async () => {
    const logs = await runCron();
    expect((await received()).filter((r) => r.kind === 'backstop')).toEqual([
      expect.objectContaining({ kind: 'backstop', verified: true }),
    ]);
    expect(logs).toEqual([expect.objectContaining({ level: 'info', event: 'backstop', status: 200 })]);
  });

  it('a backstop the agent fails (500) is logged as backstop.failed with the status', async () => {
    const logs = await runCron({ AGENT_URL: 'http://agent.test/functions/v1/agent/down' });
    expect(logs).toEqual([
      expect.objectContaining({ level: 'error', event: 'backstop.failed', status: 500 }),
    ]);
  });

  it('an agent that does not answer is logged as backstop.failed with the error code, not thrown', async () => {
    // The backstop waits 4 × AGENT_TIMEOUT_MS; the stand-in answers after 5 s.
    const logs = await runCron({ AGENT_URL: 'http://agent.test/hang', AGENT_TIMEOUT_MS: '1000' });
    expect(logs).toEqual([
      expect.objectContaining({ level: 'error', event: 'backstop.failed', error: 'timeout' }),
    ]);
  });
});
