import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeStackPorts } from '../../../scripts/src/stack/ports.ts';
import { type Stack, startStack } from '../../../scripts/src/stack/start-stack.ts';
import { DESKTOP, hasChromium, launchChromium, PHONE, person, SHOTS, say, signIn } from './browser.ts';

/**
 * The console on the local stack (`npm run dev`'s: the Worker under wrangler serving the page,
 * the agent under Deno, PGlite, the Auth, EspoCRM and Green-API stand-ins), driven in Chromium as
 * people use it. Each scenario checks what the page shows and what the system did (the CRM
 * stand-in's records, the database, the API's answers to the same person's token).
 */
const BETA = {
  id: 'beta-bakery',
  instance: '1101000099',
  email: 'owner@beta.test',
  password: 'beta-owner-pass',
};

describe.skipIf(!hasChromium)('the web console in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let url: string;
  const user = (key: string) => stack.demoUsers.find((u) => u.key === key)!;
  const leads = () => stack.standIns.espo!.state.records('Lead');

  /** The person's access token as the page holds it (supabase-js' storage). */
  const tokenIn = async (page: import('playwright-core').Page) =>
    page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('max-console-auth') ?? '{}') as { access_token?: string })
          .access_token ?? '',
    );
  const api = (token: string, path: string, tenant = 'demo', init: RequestInit = {}) =>
    fetch(`${url}api/console/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'x-tenant': tenant, 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ quiet: true, ports: await freeStackPorts() }),
      launchChromium(),
    ]);
    url = stack.urls.console;
    // A second business on the same deployment, with its own owner.
    const sql = postgres(stack.urls.db, { max: 1, onnotice: () => {} });
    await sql`insert into tenants (id, name, green_api_instance_id, green_api_url, crm_base_url)
              values (${BETA.id}, 'Beta Bakery', ${BETA.instance}, ${stack.urls.green}, ${stack.urls.espo})`;
    const owner = await stack.standIns.auth.createUser({ email: BETA.email, password: BETA.password });
    await sql`insert into tenant_members (tenant_id, user_id, role) values (${BETA.id}, ${owner.id}, 'owner')`;
    await sql.end();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('an admin signs in, chats a lead into the CRM, confirms a merge by button, sees it in activity, signs out', async () => {
    const ctx = await person(browser, 'en-GB');
    const page = await ctx.newPage();
    await signIn(page, url, user('admin').email, user('admin').password);
    await expect.poll(() => page.locator('.who-am-i').textContent()).toContain('admin of Demo');
    const first = await say(page, 'create a lead Ada Lovelace, email ada@lovelace.org');
    const ada = leads().find((l) => l.emailAddress === 'ada@lovelace.org');
    expect(ada).toBeDefined();
    // The reply links the record to the tenant's EspoCRM.
    const link = first.locator(`a[href$="/#Lead/view/${ada!.id}"]`);
    expect(await link.getAttribute('href')).toBe(`${stack.urls.espo}/#Lead/view/${ada!.id}`);
    await say(page, 'create a lead Ada Byron, email ada@byron.org');
    const byron = leads().find((l) => l.emailAddress === 'ada@byron.org')!;
    const asked = await say(page, `merge ${byron.id} into ${ada!.id}`);
    await asked.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.bubble.max').nth(3).waitFor();
    expect(leads().some((l) => l.id === byron.id)).toBe(false);
    expect(await asked.locator('.answered').textContent()).toBe('Answered');
    await page.screenshot({ path: join(SHOTS, 'chat-en-desktop.png') });

    await page.getByRole('link', { name: 'Activity' }).click();
    await page.locator('table.cards tbody tr').first().waitFor();
    expect(await page.locator('h1').evaluate((h) => h === document.activeElement)).toBe(true);
    await page.locator('#f-action').selectOption('merge_records');
    await page.getByRole('button', { name: 'Apply' }).click();
    // The question (pending_confirmation) and the merge itself (ok), both the admin's.
    await expect.poll(() => page.locator('table.cards tbody tr').count()).toBe(2);
    const rows = await page.locator('table.cards tbody tr').allTextContents();
    expect(rows.every((r) => r.includes('admin@demo.test') && r.includes('merge_records'))).toBe(true);
    expect(rows.map((r) => /pending_confirmation|ok$/.exec(r)?.[0])).toEqual(['ok', 'pending_confirmation']);
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => page.locator('table.cards tbody tr').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(SHOTS, 'activity-en-desktop.png') });

    const token = await tokenIn(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#email').waitFor();
    // The session is over for the server too: its token no longer reads the user.
    const after = await fetch(`${stack.urls.auth}/auth/v1/user`, {
      headers: { apikey: stack.standIns.auth.publishableKey, authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(403);
    await ctx.close();
  });

  it('a member cannot open the admin views, in the page or through the API', async () => {
    const ctx = await person(browser, 'fr-FR');
    const page = await ctx.newPage();
    await signIn(page, url, user('member').email, user('member').password);
    const nav = await page.locator('nav').textContent();
    expect(nav).toContain('Discussion');
    for (const admin of ['Activité', 'Équipe', 'Confirmations']) expect(nav).not.toContain(admin);
    await page.goto(`${url}#/activity`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('réservée aux propriétaires et administrateurs');
    const token = await tokenIn(page);
    for (const path of ['activity', 'team', 'pending']) expect((await api(token, path)).status).toBe(403);
    expect(
      (await api(token, 'memory/profile.sector', 'demo', { method: 'PUT', body: '{"value":"x"}' })).status,
    ).toBe(403);
    await ctx.close();
  });

  it('a viewer reads but never writes: the chat changes nothing, memory is read only', async () => {
    const ctx = await person(browser, 'en-GB');
    const page = await ctx.newPage();
    await signIn(page, url, user('viewer').email, user('viewer').password);
    const before = leads().length;
    await say(page, 'create a lead Victor Hugo, email victor@hugo.fr');
    expect(leads()).toHaveLength(before);
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.getByText('Only owners and admins can change this.').first().waitFor();
    expect(await page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    const token = await tokenIn(page);
    expect(
      (await api(token, 'memory/profile.sector', 'demo', { method: 'PUT', body: '{"value":"x"}' })).status,
    ).toBe(403);
    await ctx.close();
  });

  it("a member of one business never sees another's, in the page or through the API", async () => {
    const ctx = await person(browser, 'en-GB');
    const page = await ctx.newPage();
    await signIn(page, url, BETA.email, BETA.password);
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.locator('form.filters').waitFor();
    await page.locator('table.cards, main > section > p:not(.hint)').first().waitFor();
    const activity = await page.locator('main').textContent();
    expect(activity).not.toMatch(/admin@demo\.test|merge_records/);
    await page.getByRole('link', { name: 'Team' }).click();
    await page.locator('table.cards').first().waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/demo\.test|\+33600000001/);
    const token = await tokenIn(page);
    for (const path of ['me', 'activity', 'team', 'memory'])
      expect([path, (await api(token, path, 'demo')).status]).toEqual([path, 403]);
    const chat = await fetch(`${url}api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-tenant': 'demo', 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'show me the last 5 leads' }),
    });
    expect(chat.status).toBe(403);
    await ctx.close();
  });

  it('a wrong password is refused with a message, and nobody is signed in', async () => {
    const ctx = await person(browser, 'fr-FR');
    const page = await ctx.newPage();
    await page.goto(url);
    await page.locator('#email').fill(user('admin').email);
    await page.locator('#password').fill('not-the-password');
    await page.locator('#password').press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('E-mail ou mot de passe incorrect.');
    expect(await page.locator('nav').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('max-console-auth'))).toBeNull();
    await ctx.close();
  });

  it('an expired session is refreshed by the library, and the next request carries the new token', async () => {
    const ctx = await person(browser, 'en-GB');
    const page = await ctx.newPage();
    await signIn(page, url, user('admin').email, user('admin').password);
    const old = await tokenIn(page);
    // The laptop slept past the token's expiry: the stored session says it is over.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('max-console-auth')!) as { expires_at: number };
      s.expires_at = Math.floor(Date.now() / 1000) - 60;
      localStorage.setItem('max-console-auth', JSON.stringify(s));
    });
    const refreshes = stack.standIns.auth.refreshCount();
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/chat')) sent.push(r.headers().authorization ?? '');
    });
    await page.reload();
    await page.locator('nav').waitFor();
    const answer = await say(page, 'show me the last 5 leads');
    expect(await answer.getAttribute('class')).not.toContain('error');
    expect(stack.standIns.auth.refreshCount()).toBeGreaterThan(refreshes);
    expect(sent.at(-1)).toMatch(/^Bearer /);
    expect(sent.at(-1)).not.toBe(`Bearer ${old}`);
    await ctx.close();
  });

  it('a magic link signs in; a used one says it expired', async () => {
    const ctx = await person(browser, 'en-GB');
    const page = await ctx.newPage();
    await page.goto(url);
    await page.locator('#link-email').fill(user('member').email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('on its way');
    const mail = stack.standIns.auth.mail(user('member').email).at(-1)!;
    await page.goto(mail.link);
    await page.locator('nav').waitFor();
    expect(await page.locator('.who-am-i').textContent()).toContain('member@demo.test');
    const other = await (await person(browser, 'en-GB')).newPage();
    await other.goto(mail.link);
    await expect.poll(() => other.getByRole('alert').textContent()).toContain('invalid or has expired');
    await ctx.close();
  });

  it('writes screenshots of the main views in French and English, desktop and phone', async () => {
    for (const [locale, lang] of [
      ['fr-FR', 'fr'],
      ['en-GB', 'en'],
    ] as const)
      for (const [size, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const ctx = await person(browser, locale, viewport);
        const page = await ctx.newPage();
        await page.goto(url);
        await page.locator('#email').waitFor();
        await page.screenshot({ path: join(SHOTS, `sign-in-${lang}-${size}.png`) });
        await signIn(page, url, user('admin').email, user('admin').password);
        await say(page, lang === 'fr' ? 'trouve le lead Lovelace' : 'find the lead Lovelace');
        if (!(lang === 'en' && size === 'desktop'))
          await page.screenshot({ path: join(SHOTS, `chat-${lang}-${size}.png`) });
        await page.goto(`${url}#/activity`);
        await page.locator('table.cards tbody tr').first().waitFor();
        if (!(lang === 'en' && size === 'desktop'))
          await page.screenshot({
            path: join(SHOTS, `activity-${lang}-${size}.png`),
            fullPage: size === 'phone',
          });
        // Phones: no horizontal scrolling.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
          true,
        );
        await ctx.close();
      }
  });
});
