import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateKeyBase64 } from '@max/core';
import { migrate, startEspoStandIn, startGreenApiStandIn, startPglite } from '@max/sandbox';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTenantCli, withDatabase } from './helpers/tenant-cli.ts';

/**
 * The tenant CLI's service commands, as an operator runs them (one process each): they call the
 * same core functions as /api/admin and say the same things.
 */
describe('npm run tenant: running a tenant as a service', () => {
  let pg: Awaited<ReturnType<typeof startPglite>>;
  let espo: Awaited<ReturnType<typeof startEspoStandIn>>;
  let green: Awaited<ReturnType<typeof startGreenApiStandIn>>;
  const keyring = JSON.stringify({ activeKeyId: 'k1', keys: { k1: generateKeyBase64() } });
  const cli = (...args: string[]) => runTenantCli(pg.url, keyring, args, { MAX_OPERATOR: 'ops-test' });
  const query = <T>(fn: (sql: postgres.Sql) => Promise<T>) => withDatabase(pg.url, fn);

  beforeAll(async () => {
    [pg, espo, green] = await Promise.all([
      startPglite(),
      startEspoStandIn(),
      startGreenApiStandIn({ tokens: { '1101000088': 'green-token-88' } }),
    ]);
    await query(async (sql) => {
      await migrate(sql);
      // What `add`, `set-secret` and `add-sender` write (their own test is tenant-cli.test.ts).
      await sql`insert into tenants (id, name, green_api_instance_id, green_api_url, crm_base_url)
                values ('acme', 'Acme', '1101000088', ${green.url}, ${espo.url})`;
      await sql`insert into whatsapp_senders (tenant_id, chat_id, role) values ('acme', '33612345601@c.us', 'admin')`;
    });
    const set = await cli('set-secret', 'acme', 'crm_api_key', espo.apiKey);
    expect(set.code).toBe(0);
    expect((await cli('set-secret', 'acme', 'greenapi_token', 'green-token-88')).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled([espo.stop(), green.stop()]);
    await pg.stop();
  });

  it('rotate-crm: a key the CRM refuses changes nothing (exit 1); a good one is switched in, the old one kept as a fallback', async () => {
    const bad = await cli('rotate-crm', 'acme', '--api-key', 'definitely-not-a-key');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✘ The new crm credential was refused, nothing changed: crm.auth');
    // A second API user's key, as the EspoCRM admin makes it.
    const res = await fetch(`${espo.url}/api/v1/User`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${espo.credentials.adminUser}:${espo.credentials.adminPassword}`)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ userName: 'max-next', type: 'api', authMethod: 'ApiKey' }),
    });
    const next = ((await res.json()) as { apiKey: string }).apiKey;
    const good = await cli('rotate-crm', 'acme', '--api-key', next, '--grace-hours', '2');
    expect(good.code).toBe(0);
    expect(good.out).toMatch(
      /✔ acme: the new crm credential was accepted and is in use; the previous one stays a fallback until /,
    );
    const names = await query(
      (sql) => sql`select name from tenant_secrets where tenant_id = 'acme' order by name`,
    );
    expect(names.map((n) => n.name)).toEqual(['crm_api_key', 'greenapi_token', 'prev_crm_api_key']);
    const audit = await query(
      (sql) =>
        sql`select via, actor, action, result from operator_audit where action = 'rotation.crm' order by id`,
    );
    expect(audit.map((a) => ({ ...a }))).toEqual([
      { via: 'cli', actor: 'cli:ops-test', action: 'rotation.crm', result: 'error' },
      { via: 'cli', actor: 'cli:ops-test', action: 'rotation.crm', result: 'ok' },
    ]);
  }, 60_000);

  it('usage, statement, set-plan and lift-limits print what the API answers', async () => {
    expect((await cli('set-plan', 'acme', 'leads-1000')).out).toContain('✔ acme is on leads-1000');
    const month = new Date().toISOString().slice(0, 7);
    const usage = await cli('usage', 'acme', '--month', month);
    expect(usage.code).toBe(0);
    expect(usage.out).toContain(`acme, ${month}, plan leads-1000 (1,000 leads a month)`);
    expect(usage.out).toMatch(/leads_created\s+0 {2}of 1000 \(0 %\)/);
    const statement = await cli('statement', 'acme', '--json');
    expect(JSON.parse(statement.out)).toMatchObject({
      tenantId: 'acme',
      month,
      plan: { id: 'leads-1000' },
      overageCents: 0,
    });
    expect((await cli('lift-limits', 'acme', '--until', 'none')).out).toContain(
      '✔ acme: limits enforced again',
    );
    expect((await cli('set-plan', 'acme', 'no-such-plan')).code).toBe(1);
  }, 60_000);

  it('export writes one gzipped NDJSON archive; erase-sender and delete say what they did and what stays', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'max-export-')), 'acme.ndjson.gz');
    const exported = await cli('export', 'acme', '--out', out);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(new RegExp(`✔ acme: \\d+ rows in ${out}`));
    const lines = gunzipSync(readFileSync(out)).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'max-export', version: 1, tenantId: 'acme' });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ end: true });
    const erased = await cli('erase-sender', 'acme', '+33 6 12 34 56 01');
    expect(erased.code).toBe(0);
    expect(erased.out).toMatch(
      /✔ erased in acme: 0 messages, 0 conversations, 0 replies, 0 tool results; \d+ audit rows now name erased:/,
    );
    expect((await cli('delete', 'acme')).out).toContain('disable it first');
    await cli('disable', 'acme');
    const deleted = await cli('delete', 'acme');
    expect(deleted.code).toBe(0);
    expect(deleted.out).toContain('✔ acme will be purged after');
    expect(deleted.out).toContain('which MAX does not touch');
  }, 90_000);

  it('operator-key: made once and shown once (only its hash stored), listed, revoked', async () => {
    const made = await cli(
      'operator-key',
      'create',
      '--name',
      'console',
      '--scopes',
      'tenants:read,usage:read',
      '--tenants',
      'acme',
    );
    expect(made.code).toBe(0);
    const key = made.out.split('\n')[0]!;
    expect(key).toMatch(/^mxop_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const stored = await query((sql) => sql`select key_hash, scopes, tenant_ids from operator_keys`);
    expect(JSON.stringify(stored)).not.toContain(key.slice(18));
    expect({ ...stored[0] }).toMatchObject({ scopes: ['tenants:read', 'usage:read'], tenant_ids: ['acme'] });
    expect((await cli('operator-key', 'create', '--name', 'x', '--scopes', 'root')).out).toContain(
      'unknown scope root',
    );
    const id = key.slice(5, 17);
    expect((await cli('operator-key', 'list')).out).toContain(id);
    expect((await cli('operator-key', 'revoke', id)).out).toContain(`✔ key ${id} revoked`);
    expect((await cli('operator-key', 'revoke', id)).code).toBe(1);
  }, 60_000);
});
