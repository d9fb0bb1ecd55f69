import type { Context } from 'hono';
import type { Bindings, WorkerConfig } from './env.ts';

type Ctx = Context<{ Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } }>;

/** GET /api/health: this Worker's status and whether the agent endpoint answers. */
export async function healthRoute(c: Ctx): Promise<Response> {
  const config = c.get('config');
  const started = Date.now();
  let agent: 'ok' | 'down' = 'down';
  try {
    const url = new URL(config.AGENT_URL);
    url.searchParams.set('health', '1');
    const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(2000) });
    agent = res.ok ? 'ok' : 'down';
    await res.body?.cancel();
  } catch {
    agent = 'down';
  }
  return c.json(
    { ok: true, service: 'webhook', agent, agentLatencyMs: Date.now() - started },
    agent === 'ok' ? 200 : 503,
  );
}
