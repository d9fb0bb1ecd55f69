import { generateKeyBase64 } from '@max/core';
import { migrate, startEspoStandIn, startGreenApiStandIn, startPglite } from '@max/sandbox';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../src/stack/ports.ts';
import { runTenantCli, withDatabase } from './helpers/tenant-cli.ts';

const runCli = runTenantCli;

/** The tenant CLI as an operator runs it: one process per command, against a migrated database. */
describe('npm run tenant', () => {
  let pg: Awaited<ReturnType<typeof startPglite>>;
  let espo: Awaited<ReturnType<typeof startEspoStandIn>>;
  let green: Awaited<ReturnType<typeof startGreenApiStandIn>>;
  const keyring = JSON.stringify({ activeKeyId: 'k1', keys: { k1: generateKeyBase64() } });
  const cli = (...args: string[]) => runCli(pg.url, keyring, args);
  // PGlite serves one connection: each check opens and closes its own, between CLI runs.
  const query = <T>(fn: (sql: postgres.Sql) => Promise<T>) => withDatabase(pg.url, fn);

  beforeAll(async () => {
    [pg, espo, green] = await Promise.all([
      startPglite(),
      startEspoStandIn(),
      startGreenApiStandIn({ tokens: { '1101000077': 'green-token-77' } }),
    ]);
    await query((sql) => migrate(sql));
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled([espo.stop(), green.stop()]);
    await pg.stop();
  });

  it('adds a tenant, its secrets (encrypted) and a sender, each in one command', async () => {
    expect(
      (
        await cli(
          'add',
          'acme',
          '--name',
          'Acme',
          '--instance',
          '1101000077',
          '--green-url',
          green.url,
          '--crm-url',
          espo.url,
        )
      ).code,
    ).toBe(0);
    expect((await cli('set-secret', 'acme', 'crm_api_key', espo.apiKey)).code).toBe(0);
    expect((await cli('set-secret', 'acme', 'greenapi_token', 'green-token-77')).code).toBe(0);
    expect((await cli('add-sender', 'acme', '06 12 34 56 78', '--role', 'admin')).code).toBe(0);
  }, 60_000);

  it('stores only ciphertext and the sender as a chat id', async () => {
    const secrets = await query(
      (sql) => sql`select name, ciphertext from tenant_secrets where tenant_id = 'acme' order by name`,
    );
    expect(secrets.map((s) => s.name)).toEqual(['crm_api_key', 'greenapi_token']);
    expect(
      secrets.every(
        (s) => String(s.ciphertext).startsWith('v1.k1.') && !String(s.ciphertext).includes(espo.apiKey),
      ),
    ).toBe(true);
    const senders = await query(
      (sql) => sql`select chat_id, role from whatsapp_senders where tenant_id = 'acme'`,
    );
    expect(senders.map((s) => ({ ...s }))).toEqual([{ chat_id: '33612345678@c.us', role: 'admin' }]);
  });

  it('lists tenants and prints the webhook URL and token', async () => {
    expect((await cli('list')).out).toContain('acme');
    const w = await cli('webhook', 'acme', '--public-url', 'https://max.example.workers.dev');
    expect(w.out).toContain('https://max.example.workers.dev/webhooks/greenapi');
    expect(w.out).toMatch(/webhookUrlToken: [0-9a-f]{64}/);
  }, 60_000);

  it('doctor (checks) runs the checks activation needs, one line each, and activate makes the tenant active', async () => {
    const d = await cli('doctor', 'acme');
    expect(d.out).toMatch(/✔ crm.reachable/);
    expect(d.out).toMatch(/✔ crm.auth: apikey/);
    expect(d.out).toMatch(/✔ greenapi.state: authorized/);
    expect(d.out).toMatch(/✔ senders: 1 WhatsApp number\(s\), 1 admin/);
    expect(d.code).toBe(0);
    const [before] = await query((sql) => sql`select status from tenants where id = 'acme'`);
    expect(before!.status).toBe('onboarding');
    const a = await cli('activate', 'acme');
    expect(a.code).toBe(0);
    expect(a.out).toContain('✔ acme is active');
    const [after] = await query((sql) => sql`select status from tenants where id = 'acme'`);
    expect(after!.status).toBe('active');
    // Audited like an API call, as the CLI's user.
    const audit = await query(
      (sql) =>
        sql`select via, action, result from operator_audit where tenant_id = 'acme' and action = 'tenant.activate'`,
    );
    expect(audit.map((r) => ({ ...r }))).toEqual([{ via: 'cli', action: 'tenant.activate', result: 'ok' }]);
  }, 60_000);

  it('set-chat turns WhatsApp groups on, keeps CRM data out of them, and sets the per-chat rate; bad values are refused', async () => {
    const ok = await cli(
      'set-chat',
      'acme',
      '--groups',
      'on',
      '--assistant-name',
      'Maxine',
      '--chat-rate',
      '30',
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('groups on, CRM data in groups off, name Maxine, 30 messages/min per chat');
    const [t] = await query(
      (sql) =>
        sql`select groups_enabled, group_crm_data, assistant_name, chat_messages_per_minute from tenants where id = 'acme'`,
    );
    expect({ ...t }).toEqual({
      groups_enabled: true,
      group_crm_data: false,
      assistant_name: 'Maxine',
      chat_messages_per_minute: 30,
    });
    const bad = await cli('set-chat', 'acme', '--groups', 'maybe');
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--groups must be on or off');
    expect((await cli('set-chat', 'acme', '--chat-rate', '0')).out).toContain('--chat-rate must be');
  }, 60_000);

  it('disables a tenant, and refuses unknown commands and missing settings clearly', async () => {
    expect((await cli('disable', 'acme')).code).toBe(0);
    const [t] = await query((sql) => sql`select status from tenants where id = 'acme'`);
    expect(t!.status).toBe('disabled');
    const bad = await cli('add', 'x');
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--name is required');
  }, 60_000);

  it('refuses a country that is not a region code and a phone number not valid there', async () => {
    const base = ['add', 'zz', '--name', 'Z', '--instance', '1101000078', '--green-url', green.url];
    const bad = await cli(...base, '--crm-url', espo.url, '--country', 'ZZ');
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--country ZZ is not a region code');
    expect(await query((sql) => sql`select id from tenants where id = 'zz'`)).toHaveLength(0);
    // "06 12 34 56" lacks a digit: refused, not stored as +336123456.
    const phone = await cli('add-sender', 'acme', '06 12 34 56');
    expect(phone.code).toBe(2);
    expect(phone.out).toContain('is not a valid phone number in FR');
  }, 60_000);

  it('gives a signed-in person a role and links their WhatsApp number to them', async () => {
    const user = '5e000000-0000-4000-8000-000000000001';
    expect((await cli('add-member', 'acme', user, '--role', 'viewer')).code).toBe(0);
    expect((await cli('add-sender', 'acme', '06 12 34 56 79', '--user', user)).code).toBe(0);
    const rows = await query(
      (sql) => sql`select m.role, s.chat_id from tenant_members m join whatsapp_senders s
                    on s.tenant_id = m.tenant_id and s.user_id = m.user_id where m.user_id = ${user}`,
    );
    expect(rows.map((r) => ({ ...r }))).toEqual([{ role: 'viewer', chat_id: '33612345679@c.us' }]);
  });
});

describe('npm run tenant with the database down', () => {
  it('one clear line and a non-zero exit, no stack trace, no password', async () => {
    // A port nothing listens on: free a moment ago, closed now.
    const [closed] = await freePorts(1);
    const url = `postgres://postgres:s3cret-pw@127.0.0.1:${closed}/postgres`;
    const keyring = JSON.stringify({ activeKeyId: 'k1', keys: { k1: generateKeyBase64() } });
    for (const args of [['list'], ['doctor', 'acme'], ['add-sender', 'acme', '0612345678']]) {
      const r = await runCli(url, keyring, args);
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        `✘ cannot reach the database at 127.0.0.1:${closed} (ECONNREFUSED) — is it running, and is DATABASE_URL right?`,
      ]);
      expect(r.out).not.toContain('s3cret-pw');
    }
  }, 60_000);
});
