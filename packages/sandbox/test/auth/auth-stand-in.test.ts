import { supabaseAuthEndpoints, supabaseJwks, tokenTenant, verifySupabaseJwt } from '@max/core/auth';
import { type AuthStandIn, createTestDatabase, startAuthStandIn, type TestDatabase } from '@max/sandbox';
import { AuthClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The Auth stand-in is driven here by supabase-js' auth client (`AuthClient`, what `supabase.auth`
 * is in the console; the whole client needs a WebSocket that Node 20 lacks), and its
 * tokens are checked by the Worker's own verification (core's verifySupabaseJwt with the JWKS URL):
 * if either disagrees with the stand-in about a shape, a test fails.
 */
describe('the Supabase Auth stand-in, through supabase-js', () => {
  let db: TestDatabase;
  let auth: AuthStandIn;
  let clock = Date.now();
  const site = 'http://127.0.0.1:9799';
  const owner = {
    id: '7a4c5a52-36a4-4c52-9d1c-000000000001',
    email: 'owner@acme.test',
    password: 'owner-pass-1',
  };
  const loner = {
    id: '7a4c5a52-36a4-4c52-9d1c-000000000002',
    email: 'loner@acme.test',
    password: 'loner-pass-1',
  };

  const authClient = (a: AuthStandIn, storage?: Map<string, string>) =>
    new AuthClient({
      url: `${a.supabaseUrl}/auth/v1`,
      headers: { apikey: a.publishableKey, Authorization: `Bearer ${a.publishableKey}` },
      persistSession: Boolean(storage),
      autoRefreshToken: false,
      detectSessionInUrl: false,
      ...(storage
        ? {
            storage: {
              getItem: (k: string) => storage.get(k) ?? null,
              setItem: (k: string, v: string) => void storage.set(k, v),
              removeItem: (k: string) => void storage.delete(k),
            },
          }
        : {}),
    });
  const client = () => ({ auth: authClient(auth) });
  const verify = (token: string) => {
    const { issuer, jwksUrl } = supabaseAuthEndpoints(auth.supabaseUrl);
    return verifySupabaseJwt(token, { issuer, jwks: supabaseJwks(jwksUrl, { cooldownMs: 0 }) }, new Date());
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    auth = await startAuthStandIn({ sql: db.admin, siteUrl: site, allowSignup: false, now: () => clock });
    await db.admin`
      insert into tenants (id, name, green_api_instance_id, green_api_url, crm_base_url)
      values ('acme', 'Acme', '1101000042', 'http://127.0.0.1:1', 'http://127.0.0.1:2')`;
    for (const u of [owner, loner]) await auth.createUser(u);
    await db.admin`insert into tenant_members (tenant_id, user_id, role) values ('acme', ${owner.id}, 'owner')`;
  });
  afterAll(async () => {
    await auth?.stop();
    await db?.close();
  });

  it('signs in with a password: an ES256 token the Worker accepts, with the tenant the access token hook gives', async () => {
    const { data, error } = await client().auth.signInWithPassword(owner);
    expect(error).toBeNull();
    expect(data.user?.email).toBe(owner.email);
    const header = JSON.parse(Buffer.from(data.session!.access_token.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    const claims = await verify(data.session!.access_token);
    expect(claims.sub).toBe(owner.id);
    expect(tokenTenant(claims)).toEqual({ tenantId: 'acme', role: 'owner' });
    expect(claims.session_id).toEqual(expect.any(String));
  });

  it('a person of no tenant gets a valid token that names none', async () => {
    const { data } = await client().auth.signInWithPassword(loner);
    expect(tokenTenant(await verify(data.session!.access_token))).toBeNull();
  });

  it('a wrong password and an unknown e-mail get the same refusal', async () => {
    const wrong = await client().auth.signInWithPassword({ email: owner.email, password: 'nope-nope' });
    const unknown = await client().auth.signInWithPassword({ email: 'who@acme.test', password: 'nope-nope' });
    for (const r of [wrong, unknown]) {
      expect(r.data.session).toBeNull();
      expect(r.error).toMatchObject({
        status: 400,
        code: 'invalid_credentials',
        message: 'Invalid login credentials',
      });
    }
  });

  it('refreshes a session with a single-use refresh token; a replay after the reuse window ends the session', async () => {
    const supa = client();
    const { data } = await supa.auth.signInWithPassword(owner);
    const first = data.session!;
    const refreshed = await supa.auth.refreshSession({ refresh_token: first.refresh_token });
    expect(refreshed.error).toBeNull();
    const second = refreshed.data.session!;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await verify(second.access_token)).session_id).toBe(
      (await verify(first.access_token)).session_id,
    );
    // Two tabs refreshing at once: the same replacement, not a revocation.
    const again = await client().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(again.data.session?.refresh_token).toBe(second.refresh_token);
    clock += 11_000;
    const replay = await client().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(replay.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });
    const after = await client().auth.refreshSession({ refresh_token: second.refresh_token });
    expect(after.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
  });

  it('signs in by magic link: the e-mailed link lands on the page with a session in the fragment, once', async () => {
    const { error } = await client().auth.signInWithOtp({
      email: owner.email,
      options: { shouldCreateUser: false, emailRedirectTo: `${site}/#/chat` },
    });
    expect(error).toBeNull();
    const mail = auth.mail(owner.email).at(-1)!;
    const landed = await fetch(mail.link, { redirect: 'manual' });
    expect(landed.status).toBe(303);
    const to = new URL(landed.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(`${site}/`);
    const fragment = new URLSearchParams(to.hash.slice(1));
    expect(fragment.get('token_type')).toBe('bearer');
    expect(tokenTenant(await verify(fragment.get('access_token')!))).toEqual({
      tenantId: 'acme',
      role: 'owner',
    });
    const reused = new URL((await fetch(mail.link, { redirect: 'manual' })).headers.get('location')!);
    expect(new URLSearchParams(reused.hash.slice(1)).get('error_code')).toBe('otp_expired');
  });

  it('the e-mailed code signs in too; a wrong code, an expired one and a stranger do not', async () => {
    clock += 61_000; // one e-mail per address a minute
    await client().auth.signInWithOtp({ email: loner.email, options: { shouldCreateUser: false } });
    const { otp } = auth.mail(loner.email).at(-1)!;
    const wrong = await client().auth.verifyOtp({
      email: loner.email,
      token: otp === '000000' ? '000001' : '000000',
      type: 'email',
    });
    expect(wrong.error).toMatchObject({ status: 403, code: 'otp_expired' });
    // The wrong guess did not burn the real code.
    const ok = await client().auth.verifyOtp({ email: loner.email, token: otp, type: 'email' });
    expect(ok.error).toBeNull();
    expect(ok.data.user?.id).toBe(loner.id);
    clock += 61_000;
    await client().auth.signInWithOtp({ email: loner.email, options: { shouldCreateUser: false } });
    clock += 3_601_000;
    const late = await client().auth.verifyOtp({
      email: loner.email,
      token: auth.mail(loner.email).at(-1)!.otp,
      type: 'email',
    });
    expect(late.error).toMatchObject({ status: 403, code: 'otp_expired' });
    const stranger = await client().auth.signInWithOtp({
      email: 'nobody@acme.test',
      options: { shouldCreateUser: false },
    });
    expect(stranger.error).toMatchObject({ status: 422, code: 'otp_disabled' });
    expect(auth.mail('nobody@acme.test')).toEqual([]);
  });

  it('a second e-mail within a minute is refused with 429, and a link never lands on a foreign site', async () => {
    clock += 61_000;
    await client().auth.signInWithOtp({
      email: owner.email,
      options: { emailRedirectTo: 'https://evil.example/steal' },
    });
    const again = await client().auth.signInWithOtp({ email: owner.email });
    expect(again.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
    const to = new URL(auth.mail(owner.email).at(-1)!.link).searchParams.get('redirect_to');
    expect(to).toBe(site);
  });

  it('signing out ends the session: its access token no longer reads the user, its refresh token is dead', async () => {
    const supa = { auth: authClient(auth, new Map()) };
    const { data } = await supa.auth.signInWithPassword(owner);
    const session = data.session!;
    expect((await supa.auth.getUser(session.access_token)).data.user?.id).toBe(owner.id);
    expect((await supa.auth.signOut()).error).toBeNull();
    const user = await fetch(`${auth.supabaseUrl}/auth/v1/user`, {
      headers: { apikey: auth.publishableKey, authorization: `Bearer ${session.access_token}` },
    });
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ error_code: 'session_not_found' });
    const refresh = await client().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refresh.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
  });

  it('refuses calls without the project key, and the admin API to the publishable key', async () => {
    const bare = await fetch(`${auth.supabaseUrl}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      body: JSON.stringify(owner),
    });
    expect(bare.status).toBe(401);
    const asPage = await fetch(`${auth.supabaseUrl}/auth/v1/admin/users`, {
      headers: { apikey: auth.publishableKey },
    });
    expect(asPage.status).toBe(403);
    const asServer = await fetch(`${auth.supabaseUrl}/auth/v1/admin/users`, {
      headers: { apikey: auth.secretKey },
    });
    expect(((await asServer.json()) as { users: unknown[] }).users.length).toBeGreaterThanOrEqual(2);
    const badJson = await fetch(`${auth.supabaseUrl}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: auth.publishableKey, 'x-supabase-api-version': '2024-01-01' },
      body: '{"email":',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ code: 'bad_json', message: expect.any(String) });
  });

  it('a token signed by another key, or for another project, is refused by /user', async () => {
    const other = await startAuthStandIn({ sql: db.admin, siteUrl: site });
    try {
      const { data } = await authClient(other).signInWithPassword(owner);
      const r = await client().auth.getUser(data.session!.access_token);
      expect(r.error).toMatchObject({ status: 403, code: 'bad_jwt' });
    } finally {
      await other.stop();
    }
  });
});
