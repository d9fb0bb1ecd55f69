import { supabaseAuthAdmin } from '@max/core';
import { type AuthStandIn, createTestDatabase, startAuthStandIn, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Invitations as the console's agent sends them (core's supabaseAuthAdmin) to Supabase Auth's admin
 * API, here the stand-in: a new address gets an account and an e-mailed invite link that signs them
 * in on the console; an address that has an account is found, not invited twice; only the secret
 * key may invite.
 */
describe('invitations through Supabase Auth’s admin API', () => {
  let db: TestDatabase;
  let auth: AuthStandIn;
  const site = 'http://127.0.0.1:9798';

  beforeAll(async () => {
    db = await createTestDatabase();
    auth = await startAuthStandIn({ sql: db.admin, siteUrl: site, allowSignup: false });
  });
  afterAll(async () => {
    await auth.stop();
    await db.close();
  });

  it('a new address gets an account and an invite link to the console; following it signs them in', async () => {
    const admin = supabaseAuthAdmin({ url: auth.supabaseUrl, secretKey: auth.secretKey, fetch });
    const r = await admin.invite('new@acme.test', `${site}/`);
    expect(r.invited).toBe(true);
    const [u] = await db.admin`select id::text as id from auth.users where email = 'new@acme.test'`;
    expect(r.userId).toBe(u!.id);
    const mail = auth.mail('new@acme.test').at(-1)!;
    expect(new URL(mail.link).searchParams.get('type')).toBe('invite');
    const landed = await fetch(mail.link, { redirect: 'manual' });
    expect(landed.status).toBe(303);
    const to = new URL(landed.headers.get('location')!);
    expect(to.origin).toBe(site);
    expect(new URLSearchParams(to.hash.slice(1)).get('access_token')).toBeTruthy();
    // Single use.
    const again = new URL((await fetch(mail.link, { redirect: 'manual' })).headers.get('location')!);
    expect(new URLSearchParams(again.hash.slice(1)).get('error_code')).toBe('otp_expired');
  });

  it('an address that has an account is found (same id), and no second e-mail is sent', async () => {
    const existing = await auth.createUser({ email: 'known@acme.test', password: 'known-pass-1' });
    const admin = supabaseAuthAdmin({ url: auth.supabaseUrl, secretKey: auth.secretKey, fetch });
    expect(await admin.invite('known@acme.test', `${site}/`)).toEqual({
      userId: existing.id,
      invited: false,
    });
    expect(auth.mail('known@acme.test')).toEqual([]);
  });

  it('the publishable key cannot invite, and an unreachable Auth is a retryable unavailable', async () => {
    const page = supabaseAuthAdmin({ url: auth.supabaseUrl, secretKey: auth.publishableKey, fetch });
    await expect(page.invite('x@acme.test', `${site}/`)).rejects.toMatchObject({ code: 'unavailable' });
    expect(await db.admin`select 1 from auth.users where email = 'x@acme.test'`).toHaveLength(0);
    const down = supabaseAuthAdmin({
      url: 'http://127.0.0.1:9',
      secretKey: auth.secretKey,
      fetch,
      timeoutMs: 2000,
    });
    await expect(down.invite('y@acme.test', `${site}/`)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
