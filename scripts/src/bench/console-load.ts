import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { consoleDist } from '../stack/console-build.ts';
import type { Stack } from '../stack/start-stack.ts';
import { percentile } from './stats.ts';

export interface ConsoleFigures {
  /** What a first visit downloads: the built files (gzip as served compressed). */
  bundle: {
    files: Array<{ name: string; kib: number; gzipKib: number }>;
    totalKib: number;
    totalGzipKib: number;
  };
  /** Cold loads (a fresh browser profile each), ms: median and worst. */
  firstLoad: Record<
    'domContentLoaded' | 'load' | 'signInVisible' | 'signedInChatVisible',
    { p50: number; max: number }
  >;
  runs: number;
}

const kib = (n: number) => Math.round((n / 1024) * 10) / 10;

/** The console's build as shipped: each file, raw and gzipped. */
export function consoleBundle(root: string): ConsoleFigures['bundle'] {
  const dist = consoleDist(root);
  const files = ['index.html', ...readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`)].map((name) => {
    const bytes = readFileSync(join(dist, name));
    return { name, kib: kib(bytes.length), gzipKib: kib(gzipSync(bytes).length) };
  });
  return {
    files,
    totalKib: Math.round(files.reduce((a, f) => a + f.kib, 0) * 10) / 10,
    totalGzipKib: Math.round(files.reduce((a, f) => a + f.gzipKib, 0) * 10) / 10,
  };
}

/**
 * Cold first loads of the console on the local stack, in Chromium with a fresh profile each time:
 * DOMContentLoaded and load from the navigation timing, the sign-in form visible (the config
 * fetched, supabase-js started), and, after signing in, the chat ready (token, /api/console/me).
 */
export async function consoleFirstLoad(
  stack: Stack,
  browser: Browser,
  runs: number,
): Promise<ConsoleFigures['firstLoad']> {
  const admin = stack.demoUsers.find((u) => u.key === 'admin')!;
  const samples: Record<keyof ConsoleFigures['firstLoad'], number[]> = {
    domContentLoaded: [],
    load: [],
    signInVisible: [],
    signedInChatVisible: [],
  };
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ locale: 'en-GB' });
    const page = await ctx.newPage();
    const started = Date.now();
    await page.goto(stack.urls.console, { waitUntil: 'load' });
    await page.locator('#email').waitFor();
    samples.signInVisible.push(Date.now() - started);
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    samples.domContentLoaded.push(Math.round(nav.dcl));
    samples.load.push(Math.round(nav.load));
    await page.locator('#email').fill(admin.email);
    await page.locator('#password').fill(admin.password);
    const submitted = Date.now();
    await page.locator('#password').press('Enter');
    await page.locator('#chat-input').waitFor();
    samples.signedInChatVisible.push(Date.now() - submitted);
    await ctx.close();
  }
  const sum = (xs: number[]) => ({
    p50: Math.round(
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      ),
    ),
    max: Math.max(...xs),
  });
  return {
    domContentLoaded: sum(samples.domContentLoaded),
    load: sum(samples.load),
    signInVisible: sum(samples.signInVisible),
    signedInChatVisible: sum(samples.signedInChatVisible),
  };
}
