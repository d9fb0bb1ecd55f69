import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';

const CONFIG = join(resolve(import.meta.dirname, '../..'), 'wrangler.toml');

/**
 * wrangler.toml's [env.production] repeats the top level's bindings (an environment inherits none
 * of them): what the workerd tests and `npm run dev` prove must be what production runs.
 */
describe('wrangler.toml: production is the tested Worker with its own AGENT_URL', () => {
  const local = unstable_readConfig({ config: CONFIG });
  const production = unstable_readConfig({ config: CONFIG, env: 'production' });

  it('the same queues, consumer settings, dead-letter queue, rate limits and cron', () => {
    expect(production.queues).toEqual(local.queues);
    expect(production.ratelimits).toEqual(local.ratelimits);
    expect(production.triggers).toEqual(local.triggers);
    expect(production.queues.consumers?.map((c: { queue: string }) => c.queue)).toEqual([
      'inbound',
      'inbound-dlq',
    ]);
  });

  it('the same vars, plus MAX_ENV = production; AGENT_URL in neither (deploy and dev give it)', () => {
    expect(production.vars).toEqual({ ...local.vars, MAX_ENV: 'production' });
    expect(local.vars).not.toHaveProperty('AGENT_URL');
  });

  it('reachable (workers.dev or routes), with logs on', () => {
    expect(production.workers_dev === true || (production.routes?.length ?? 0) > 0).toBe(true);
    expect(production.observability).toMatchObject({ enabled: true, logs: { enabled: true } });
  });

  it('no loopback or local address anywhere in what production deploys', () => {
    // (`dev` is wrangler dev's own settings: its default listens on localhost.)
    const { configPath, userConfigPath, topLevelName, dev, ...deployed } = production;
    expect(JSON.stringify(deployed)).not.toMatch(/127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\]/);
  });
});
