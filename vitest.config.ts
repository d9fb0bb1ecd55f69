import { defineConfig } from 'vitest/config';
import { boundedReporters } from './scripts/src/testing/vitest-bounds.ts';

// Node-side suites (core, stand-ins, scripts). The Worker's suite runs inside workerd with its own
// config (workers/webhook/vitest.config.ts); the agent function's smoke test runs under Deno.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    // Bounds: a test, a hook, the teardown, and a whole file (a file stuck between or after its
    // tests, where no per-test timeout reaches, stops the run with its name).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    reporters: boundedReporters(420_000),
    // PGlite is a single session: database suites share one server per file, files run in parallel.
    pool: 'forks',
  },
});
