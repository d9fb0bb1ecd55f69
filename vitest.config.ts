import { defineConfig } from 'vitest/config';

// Node-side suites (core, stand-ins, scripts). The Worker's suite runs inside workerd with its own
// config (workers/webhook/vitest.config.ts); the agent function's smoke test runs under Deno.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite is a single session: database suites share one server per file, files run in parallel.
    pool: 'forks',
  },
});
