import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { agentStandIn } from './test/agent-stand-in.ts';

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef0123';
export const TEST_AGENT_SECRET = 'test-agent-shared-secret-0123456789abcdef';

// The Worker runs in workerd with the real wrangler.toml (queues, rate limits); its outbound
// fetches (the agent) go to a stand-in that verifies the signature and answers as scripted.
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: '../../wrangler.toml' },
      miniflare: {
        bindings: {
          GREENAPI_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
          AGENT_SHARED_SECRET: TEST_AGENT_SECRET,
          AGENT_URL: 'http://agent.test/functions/v1/agent',
          AGENT_TIMEOUT_MS: '1500',
          SUPABASE_JWT_SECRET: 'test-supabase-jwt-secret-0123456789abcdef',
        },
        outboundService: agentStandIn(TEST_AGENT_SECRET),
      },
    }),
  ],
  test: { include: ['test/**/*.test.ts'], testTimeout: 20_000, silent: 'passed-only' },
});
