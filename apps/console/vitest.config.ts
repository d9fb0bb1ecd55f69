import { defineConfig } from 'vitest/config';

// The console in a real browser (Debian's Chromium driven by playwright-core) against the whole
// local stack: its own step of `npm test`, after the Node suites (one stack, one browser, serial).
export default defineConfig({
  test: {
    include: ['test/**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
