import { describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env.ts';
import { post, text } from './helpers.ts';

const chatOf = (n: number) => `3370${String(n).padStart(7, '0')}@c.us`;

/**
 * [env.production] sets MAX_ENV = "production" and leaves AGENT_URL to `npm run deploy`: a
 * production Worker whose agent is missing or local must accept nothing (Green-API re-sends),
 * never queue messages it can never hand over.
 */
const production = (AGENT_URL: string | undefined): Partial<Bindings> =>
  ({ MAX_ENV: 'production', AGENT_URL }) as Partial<Bindings>;

describe('a production Worker refuses an agent it cannot reach', () => {
  it.each([
    ['missing', undefined],
    ['empty (wrangler.toml leaves it unset)', ''],
    ['the local agent of npm run dev', 'http://127.0.0.1:54321/functions/v1/agent'],
    ['loopback over https', 'https://127.0.0.1/functions/v1/agent'],
    ['localhost', 'https://localhost:54321/functions/v1/agent'],
    ['a private address', 'https://10.1.2.3/functions/v1/agent'],
    ['another private range', 'https://192.168.1.20/functions/v1/agent'],
    ['IPv6 loopback', 'https://[::1]/functions/v1/agent'],
    ['plain http on a public host', 'http://abcdefghijklmnopqrst.supabase.co/functions/v1/agent'],
  ])('AGENT_URL %s → 503, nothing queued', async (_name, url) => {
    const r = await post(text('x', chatOf(30)), { env: production(url) });
    expect(r.status).toBe(503);
    expect(r.json).toEqual({ error: { code: 'unavailable', message: 'Service not configured' } });
    expect(r.sent).toHaveLength(0);
  });

  it('the agent function on Supabase (https, public host) is accepted and the message queued', async () => {
    const r = await post(text('x', chatOf(31)), {
      env: production('https://abcdefghijklmnopqrst.supabase.co/functions/v1/agent'),
    });
    expect(r.status).toBe(200);
    expect(r.sent).toHaveLength(1);
  });

  it('outside production the local agent stays allowed (npm run dev)', async () => {
    const r = await post(text('x', chatOf(32)), {
      env: { AGENT_URL: 'http://127.0.0.1:54321/functions/v1/agent' } as Partial<Bindings>,
    });
    expect(r.status).toBe(200);
  });

  it('an unknown MAX_ENV fails closed rather than being read as "not production"', async () => {
    const r = await post(text('x', chatOf(33)), { env: { MAX_ENV: 'prod' } as Partial<Bindings> });
    expect(r.status).toBe(503);
  });
});
