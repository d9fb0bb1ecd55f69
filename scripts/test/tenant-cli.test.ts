import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { generateKeyBase64 } from '@max/core';
import { migrate, startEspoStandIn, startGreenApiStandIn, startPglite } from '@max/sandbox';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '../src/stack/ports.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// Asynchronous on purpose: PGlite is served by this process, which must keep running meanwhile.
const runCli = (databaseUrl: string, keyring: string, args: string[]) =>
  new Promise<{ code: number; out: string; stderr: string }>((done) => {
    execFile(
      'npx',
      ['tsx', 'scripts/src/tenant-cli.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          MAX_SECRET_KEYS: keyring,
          GREENAPI_WEBHOOK_SECRET: 'cli-test-webhook-secret-0123456789abcdef',
        },
        timeout: 90_000,
        killSignal: 'SIGKILL',
      },
      (err, stdout, stderr) =>
        done({
          code: err ? Number((err as { code?: number }).code ?? 1) : 0,
          out: `${stdout}${stderr}`,
          stderr,
        }),
    );
  });

/** The tenant CLI as an operator runs it: one process per command, against a migrated database. */
describe('npm run tenant', () => {
  let pg: Awaited<ReturnType<typeof startPglite>>;
  let espo: Awaited<ReturnType<typeof startEspoStandIn>>;
  let green: Awaited<ReturnType<typeof startGreenApiStandIn>>;
  const keyring = JSON.stringify({ activeKeyId: 'k1', keys: { k1: generateKeyBase64() } });
  const cli = (...args: string[]) => runCli(pg.url, keyring, args);
  // PGlite serves one connection: each check opens and closes its own, between CLI runs.
  const query = async <T>(fn: (sql: postgres.Sql) => Promise<T>) => {
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      return await fn(sql);
    } finally {
      await sql.end();
    }
  };

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

  it('doctor checks database, CRM, auth and the Green-API instance, one line each', async () => {
    const d = await cli('doctor', 'acme');
    expect(d.out).toMatch(/✔ database/);
    expect(d.out).toMatch(/✔ CRM reachable/);
    expect(d.out).toMatch(/✔ CRM auth/);
    expect(d.out).toMatch(/✔ Green-API instance: authorized/);
    expect(d.out).toMatch(/✔ WhatsApp senders: 1 authorised, 1 admin/);
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

  it('issue 11 item 14: refuses a country that is not a region code and a phone number not valid there', async () => {
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
});

describe('npm run tenant with the database down', () => {
  it('issue 11 item 19: one clear line and a non-zero exit, no stack trace, no password', async () => {
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
