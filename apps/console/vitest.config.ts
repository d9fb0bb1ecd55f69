import { defineConfig } from 'vitest/config';
import { boundedReporters } from '../../scripts/src/testing/vitest-bounds.ts';

// The console in a real browser (Debian's Chromium driven by playwright-core) against the whole
// local stack: its own step of `npm test`, after the Node suites (one stack, one browser, serial).
export default defineConfig({
  test: {
    include: ['test/**/*.browser.test.ts', 'test/**/*.unit.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 20_000,
    // A file stuck between or after its tests stops the run with its name.
    reporters: boundedReporters(300_000),
    fileParallelism: false,
  },
});
