import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export { hasChromium, launchChromium } from '../../../scripts/src/stack/chromium.ts';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 780 };

/** A new browser profile speaking `locale` (the page picks its language from the browser's). */
export function person(
  browser: Browser,
  locale: 'fr-FR' | 'en-GB',
  viewport = DESKTOP,
): Promise<BrowserContext> {
  return browser.newContext({ locale, viewport, deviceScaleFactor: 1 });
}

export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('form').first().locator('button[type=submit]').click();
  await page.locator('nav').waitFor();
}

/** Sends a chat message and waits for MAX's answer to it; returns the answer's bubble. */
export async function say(page: Page, text: string) {
  const answers = page.locator('.bubble.max');
  const before = await answers.count();
  await page.locator('#chat-input').fill(text);
  await page.keyboard.press('Enter');
  await answers.nth(before).waitFor();
  return answers.nth(before);
}

/**
 * Where the suite writes its screenshots: test-results/ (not committed) on every run, or the
 * README's copies in docs/console with UPDATE_SCREENSHOTS=1.
 */
export const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(import.meta.dirname, '..', '..', '..', 'docs', 'console')
  : join(import.meta.dirname, '..', 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
