import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { boundedReporters } from '../../scripts/src/testing/vitest-bounds.ts';
import { agentStandIn } from './test/agent-stand-in.ts';

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef0123';
export const TEST_AGENT_SECRET = 'test-agent-shared-secret-0123456789abcdef';

// The Worker runs in workerd with the real wrangler.toml (queues, rate limits); its outbound
// fetches (the agent, the Supabase JWKS) go to a stand-in that verifies the signature and answers
// as scripted.
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
          SUPABASE_URL: 'http://supabase.test',
          SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_test-console-key-0123',
          SUPABASE_JWT_SECRET: 'test-supabase-jwt-secret-0123456789abcdef',
          // A rotated key is fetched at the first token that names it (production waits up to 30 s).
          SUPABASE_JWKS_COOLDOWN_SECONDS: '0',
        },
        outboundService: agentStandIn(TEST_AGENT_SECRET),
      },
    }),
  ],
  // The Worker's zod, as wrangler.toml's [alias] bundles it: tests run the module graph that ships.
  resolve: {
    alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./src/zod-edge.ts', import.meta.url)) }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    teardownTimeout: 20_000,
    reporters: boundedReporters(180_000),
    // The Worker's logs go straight to stdout, not through Vitest's console RPC: a line logged by
    // a queue consumer (another I/O context) while a file sent its last RPC was held back by the
    // pool until a next message that never came, and the run hung after that file, silent
    // (cloudflare/workers-sdk#15498, #15719).
    disableConsoleIntercept: true,
  },
});
