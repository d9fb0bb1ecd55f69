import { join } from 'node:path';
import { incomingText } from '@max/sandbox';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeStackPorts } from '../../../scripts/src/stack/ports.ts';
import { type Stack, startStack } from '../../../scripts/src/stack/start-stack.ts';
import { DESKTOP, hasChromium, launchChromium, PHONE, person, SHOTS, signIn } from './browser.ts';

/**
 * The console's admin and operator side on the local stack, in Chromium: usage against the plan
 * and health, the team (an invitation e-mailed by the Auth stand-in, a removal that refuses the
 * removed person's very next request), the tenant switcher, and the operator's wizard creating a
 * tenant that then answers a WhatsApp message (webhook → agent → reply in the Green-API stand-in).
 */
const BETA = { id: 'beta-bakery', instance: '1101000098' };
const BOTH = { email: 'both@two.test', password: 'both-two-pass' };
const NEW_INSTANCE = '1101000177';
const NEW_ADMIN = '33612377001@c.us';

async function until<T>(what: string, get: () => T, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!hasChromium)('the console admin and operator views in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let url: string;
  let sql: postgres.Sql;
  const user = (key: string) => stack.demoUsers.find((u) => u.key === key)!;
  const tokenIn = (page: Page) =>
    page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('max-console-auth') ?? '{}') as { access_token?: string })
          .access_token ?? '',
    );
  const tenantOf = (token: string) =>
    (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { tenant_id?: string })
      .tenant_id;
  const api = (token: string, path: string, tenant = 'demo') =>
    fetch(`${url}api/console/${path}`, { headers: { authorization: `Bearer ${token}`, 'x-tenant': tenant } });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ quiet: true, ports: await freeStackPorts() }),
      launchChromium(),
    ]);
    url = stack.urls.console;
    sql = postgres(stack.urls.db, { max: 1, onnotice: () => {} });
    await sql`insert into tenants (id, name, green_api_instance_id, green_api_url, crm_base_url)
              values (${BETA.id}, 'Beta Bakery', ${BETA.instance}, ${stack.urls.green}, ${stack.urls.espo})`;
    await sql`insert into tenant_memory (tenant_id, key, value) values (${BETA.id}, 'profile.secret', 'beta-only-fact')`;
    // A person of both: a member of the demo (first), the owner of Beta.
    const both = await stack.standIns.auth.createUser(BOTH);
    await sql`insert into tenant_members (tenant_id, user_id, role, created_at)
              values ('demo', ${both.id}, 'member', now() - interval '1 day'), (${BETA.id}, ${both.id}, 'owner', now())`;
    // The demo's plan, usage and health as the metering and the cron leave them.
    const month = new Date().toISOString().slice(0, 7);
    await sql`update tenants set plan_id = 'leads-1000' where id = 'demo'`;
    await sql`insert into tenant_usage (tenant_id, day, messages_in, messages_out, leads_created, new_month_users)
              values ('demo', ${`${month}-01`}::date, 120, 118, 850, 3)
              on conflict (tenant_id, day) do update set leads_created = 850, messages_in = 120`;
    await sql`insert into tenant_health (tenant_id, checked_at, status, components, messages_last_hour,
                                         failed_last_hour, dead_letters_last_hour, outbox_backlog)
              values ('demo', now(), 'degraded', ${sql.json({ crm: { ok: false, detail: 'CRM answered 503' }, whatsapp: { ok: true, detail: 'authorized' } })}, 12, 1, 0, 0)
              on conflict (tenant_id) do update set status = 'degraded', components = excluded.components`;
    await sql`insert into health_incidents (tenant_id, component, opened_at, detail)
              values ('demo', 'crm', now() - interval '20 minutes', 'CRM answered 503')`;
  }, 240_000);
  afterAll(async () => {
    await sql?.end();
    await browser?.close();
    await stack?.stop();
  });

  it('an admin sees usage against the plan and the health with its incident; a member cannot', async () => {
    const ctx = await person(browser, 'en-GB');
    const page = await ctx.newPage();
    await signIn(page, url, user('admin').email, user('admin').password);
    await page.getByRole('link', { name: 'Usage & health' }).click();
    await page.getByText('1,000 leads a month').waitFor();
    const leadsRow = page.locator('tr', { hasText: 'Leads created' });
    expect(await leadsRow.textContent()).toMatch(/850.*1,000/);
    expect(await leadsRow.locator('meter').getAttribute('value')).toBe('850');
    const main = await page.locator('main').textContent();
    expect(main).toContain('Degraded');
    expect(main).toContain('CRM answered 503');
    expect(main).toMatch(/CRM\s*open since/);
    await page.screenshot({ path: join(SHOTS, 'usage-en-desktop.png'), fullPage: true });
    await ctx.close();

    const member = await (await person(browser, 'fr-FR')).newPage();
    await signIn(member, url, user('member').email, user('member').password);
    expect(await member.locator('nav').textContent()).not.toContain('Usage');
    const token = await tokenIn(member);
    for (const path of ['usage', 'health']) expect((await api(token, path)).status).toBe(403);
    await member.context().close();
  });

  it('an admin invites a person by e-mail, who signs in from the link; once removed, their next request is refused', async () => {
    const admin = await (await person(browser, 'en-GB')).newPage();
    await signIn(admin, url, user('admin').email, user('admin').password);
    await admin.getByRole('link', { name: 'Team' }).click();
    await admin.locator('#invite-email').fill('newcomer@demo.test');
    await admin.locator('#invite-role').selectOption('viewer');
    await admin.getByRole('button', { name: 'Send the invitation' }).click();
    await expect
      .poll(() => admin.locator('main .notice').first().textContent(), { timeout: 15_000 })
      .toContain('Invitation sent');
    const mail = stack.standIns.auth.mail('newcomer@demo.test').at(-1)!;
    expect(mail.link).toContain('type=invite');

    const invitee = await (await person(browser, 'fr-FR')).newPage();
    await invitee.goto(mail.link);
    await invitee.locator('nav').waitFor();
    expect(await invitee.locator('.who-am-i').textContent()).toContain('newcomer@demo.test');
    const token = await tokenIn(invitee);
    expect((await api(token, 'me')).status).toBe(200);

    // A WhatsApp number too, typed as people type them.
    await admin.locator('#sender-phone').fill('06 12 37 70 02');
    await admin.locator('#sender-role').selectOption('member');
    await admin.getByRole('button', { name: 'Add', exact: true }).click();
    await admin.getByRole('cell', { name: '+33612377002', exact: true }).first().waitFor();
    const [num] =
      await sql`select role from whatsapp_senders where tenant_id = 'demo' and chat_id = '33612377002@c.us'`;
    expect(num?.role).toBe('member');

    const row = admin.locator('tr', { hasText: 'newcomer@demo.test' });
    await row.getByRole('button', { name: /^Delete/ }).click();
    await row.getByRole('button', { name: /^Really delete/ }).click();
    await expect
      .poll(() => admin.getByRole('status').first().textContent())
      .toContain('no longer has access');
    // The same unexpired token: refused at once, for every view.
    for (const path of ['me', 'team']) expect([path, (await api(token, path)).status]).toEqual([path, 403]);
    await invitee.reload();
    await expect
      .poll(() => invitee.getByRole('alert').first().textContent())
      .toMatch(/réservée|propriétaires/);
    await admin.screenshot({ path: join(SHOTS, 'team-en-desktop.png'), fullPage: true });
    await admin.context().close();
    await invitee.context().close();
  });

  it('a person of two businesses switches between them and sees only the chosen one', async () => {
    const page = await (await person(browser, 'en-GB')).newPage();
    await signIn(page, url, BOTH.email, BOTH.password);
    await expect.poll(() => page.locator('.who-am-i').textContent()).toContain('member of Demo');
    expect(await page.locator('nav').textContent()).not.toContain('Activity');
    await page.locator('#tenant').selectOption(BETA.id);
    await expect.poll(() => page.locator('.who-am-i').textContent()).toContain('owner of Beta Bakery');
    expect(await page.locator('nav').textContent()).toContain('Activity');
    const token = await tokenIn(page);
    expect(tenantOf(token)).toBe(BETA.id);
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.getByText('beta-only-fact').waitFor();
    // The new token is Beta's: the demo is closed to it, and Beta's answers hold nothing of the demo.
    for (const path of ['me', 'memory', 'team']) expect((await api(token, path, 'demo')).status).toBe(403);
    expect(await (await api(token, 'team', BETA.id)).text()).not.toMatch(/demo\.test/);
    await page.locator('#tenant').selectOption('demo');
    await expect.poll(() => page.locator('.who-am-i').textContent()).toContain('member of Demo');
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.locator('main section').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('beta-only-fact');
    await page.context().close();
  });

  it('the operator unlocks with a key kept in memory, sees the tenants, and the wizard creates a tenant that answers on WhatsApp', async () => {
    const page = await (await person(browser, 'en-GB')).newPage();
    await page.goto(`${url}#/operator`);
    await page.locator('#operator-key').fill(`mxop_000000000000_${'A'.repeat(43)}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('unknown or revoked');
    await page.locator('#operator-key').fill(stack.operatorKey);
    await page.getByRole('button', { name: 'Unlock' }).click();
    const demo = page.locator('tr[data-tenant="demo"]');
    await demo.waitFor();
    expect(await demo.textContent()).toMatch(/Demo.*active.*Degraded.*\(crm\).*120.*850.*3/s);
    await page.screenshot({ path: join(SHOTS, 'operator-en-desktop.png') });

    await page.getByRole('button', { name: 'New business' }).click();
    const next = () => page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#w-id').fill('newco');
    await page.locator('#w-name').fill('NewCo');
    await page.locator('#w-crm-url').fill(stack.urls.espo!);
    await page.locator('#w-instance').fill(NEW_INSTANCE);
    await page.locator('#w-green-url').fill(stack.urls.green);
    await page.getByRole('button', { name: 'Create' }).click();
    // CRM: a wrong key fails its live check, the right one passes.
    await page.locator('#w-crm-key').fill('not-the-key');
    await page.getByRole('button', { name: 'Save and check' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('live check failed');
    await page.locator('#w-crm-key').fill(stack.standIns.espo!.apiKey);
    await page.locator('#w-crm-public').fill('https://crm.newco.example');
    await page.getByRole('button', { name: 'Save and check' }).click();
    await page.locator('.checks li.good', { hasText: 'crm.auth' }).waitFor();
    await next();
    await page.locator('#w-green-token').fill(stack.standIns.green.tokenFor(NEW_INSTANCE));
    await page.getByRole('button', { name: 'Save and check' }).click();
    await page.locator('.checks li.good', { hasText: 'greenapi' }).first().waitFor();
    await next();
    const webhookUrl = await page.locator('#w-hook-url').inputValue();
    const webhookToken = await page.locator('#w-hook-token').inputValue();
    expect(webhookToken).toBe(await stack.webhookTokenFor(NEW_INSTANCE));
    await page.screenshot({ path: join(SHOTS, 'wizard-en-desktop.png') });
    await page.getByRole('button', { name: 'Next' }).first().click();
    await page.locator('#w-phone').fill('+33 6 12 37 70 01');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('+33612377001').waitFor();
    await next();
    await page.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(() => page.locator('.wizard').textContent()).toContain('newco is active');
    // The key was never written anywhere the page keeps.
    const kept = await page.evaluate(
      () =>
        JSON.stringify({ ...localStorage }) +
        JSON.stringify({ ...sessionStorage }) +
        document.cookie +
        location.href,
    );
    expect(kept).not.toContain(stack.operatorKey.slice(5));
    const [t] = await sql`select status, crm_public_url from tenants where id = 'newco'`;
    expect({ ...t }).toEqual({ status: 'active', crm_public_url: 'https://crm.newco.example' });

    // Green-API delivers to the values the wizard showed: the new tenant's admin is answered.
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${webhookToken}` },
      body: JSON.stringify(
        incomingText({
          idInstance: NEW_INSTANCE,
          chatId: NEW_ADMIN,
          text: 'crée un lead Wizard Onboard, email wizard@onboard.fr',
        }),
      ),
    });
    expect(res.status).toBe(200);
    const [reply] = await until(
      'the reply',
      () => stack.standIns.green.sent().filter((m) => m.chatId === NEW_ADMIN),
      (s) => s.length === 1,
    );
    expect(reply!.message).toContain('Wizard Onboard');
    expect(
      stack.standIns.espo!.state.records('Lead').some((l) => l.emailAddress === 'wizard@onboard.fr'),
    ).toBe(true);
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.locator('tr[data-tenant="newco"]').waitFor();
    expect(await page.locator('tr[data-tenant="newco"]').textContent()).toContain('active');
    await page.context().close();
  }, 120_000);

  it('the new views fit a phone and are reachable by keyboard, in French', async () => {
    const page = await (await person(browser, 'fr-FR', PHONE)).newPage();
    await signIn(page, url, user('admin').email, user('admin').password);
    for (const [route, shot] of [
      ['usage', 'usage-fr-phone'],
      ['team', 'team-fr-phone'],
    ] as const) {
      await page.goto(`${url}#/${route}`);
      await page.locator('main section').waitFor();
      await page.locator('main table').first().waitFor();
      expect([
        route,
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ]).toEqual([route, true]);
      await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
    }
    // Every field of the team forms has a label, and Tab reaches the invitation's fields in order.
    const unlabelled = await page.evaluate(
      () =>
        [...document.querySelectorAll('main input, main select')].filter(
          (el) => !el.getAttribute('aria-label') && !document.querySelector(`label[for="${el.id}"]`),
        ).length,
    );
    expect(unlabelled).toBe(0);
    await page.locator('#invite-email').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('invite-role');
    const desk = await (await person(browser, 'fr-FR', DESKTOP)).newPage();
    await desk.goto(`${url}#/operator`);
    await desk.locator('#operator-key').fill(stack.operatorKey);
    await desk.keyboard.press('Enter');
    await desk.locator('tr[data-tenant="demo"]').waitFor();
    await desk.getByRole('button', { name: 'Nouvelle entreprise' }).click();
    expect(await desk.evaluate(() => document.activeElement?.id)).toBe('wizard-title');
    await desk.screenshot({ path: join(SHOTS, 'wizard-fr-desktop.png') });
    await page.context().close();
    await desk.context().close();
  });
});
