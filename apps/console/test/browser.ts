import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (.ci/run installs it with apt when missing); CHROMIUM_PATH moves it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // A fresh temporary profile each launch (playwright's default), nothing from the machine's.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

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

export const SHOTS = join(import.meta.dirname, '..', '..', '..', 'docs', 'console');
