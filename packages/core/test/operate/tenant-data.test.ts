import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../agent/pipeline/harness.ts';
import { type Json, json } from './json.ts';
import { operatorKey } from './operator.ts';

const ACME_ADMIN = '33612370001@c.us';
const ACME_PERSON = '33612370002@c.us';
const GLOBEX_ADMIN = '33612370003@c.us';

/**
 * A tenant's data in and out: the export holds everything MAX keeps for it (and nothing of another
 * tenant, no secret); a person's erasure leaves only counts; a deleted tenant's rows go after the
 * grace period, except audit rows within the legal retention.
 */
describe("a tenant's data, in and out", () => {
  let h: Harness;
  let key: string;
  const lines = (body: string) =>
    body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
  const rowsOf = async (table: string, tenant: string) =>
    (
      await h.db.admin.unsafe(`select count(*)::int as n from public.${table} where tenant_id = $1`, [tenant])
    )[0]!.n;

  beforeAll(async () => {
    h = await startHarness({ operate: { deletionGraceDays: 30, auditRetentionDays: 365 } });
    await h.seedTenant({
      id: 'acme',
      idInstance: '1101000071',
      crmUrl: h.espo.url,
      admin: ACME_ADMIN,
      member: ACME_PERSON,
    });
    await h.seedTenant({ id: 'globex', idInstance: '1101000072', crmUrl: h.espo.url, admin: GLOBEX_ADMIN });
    key = await operatorKey(h);
    await h.deliver(
      h.text('1101000071', ACME_ADMIN, 'crée un lead Export Un, email export1@test.fr', 'EXP-1'),
    );
    await h.deliver(
      h.text('1101000071', ACME_PERSON, 'crée un lead Personne Secrète, email secret@test.fr', 'EXP-2'),
    );
    await h.deliver(h.text('1101000071', ACME_PERSON, 'retrouve le lead Personne Secrète', 'EXP-3'));
    await h.deliver(
      h.text('1101000072', GLOBEX_ADMIN, 'crée un lead Globex Only, email globex@test.fr', 'EXP-4'),
    );
  }, 60_000);
  afterAll(() => h.close());

  it('the export is one NDJSON document: a header, every table MAX holds for the tenant, an end line with the counts', async () => {
    const r = await h.admin(key, { action: 'data.export', tenantId: 'acme' });
    expect(r.status).toBe(200);
    expect(r.raw).toMatchObject({ contentType: 'application/x-ndjson; charset=utf-8' });
    const doc = lines(r.raw!.body);
    expect(doc[0]).toMatchObject({
      format: 'max-export',
      version: 1,
      tenantId: 'acme',
      secrets: 'names and key ids only',
    });
    const end = doc.at(-1)!;
    expect(end.end).toBe(true);
    const rows = doc.slice(1, -1);
    const byTable = (t: string) => rows.filter((l) => l.table === t).map((l) => l.row);
    expect(end.counts.inbound_messages).toBe(3);
    expect(
      byTable('inbound_messages')
        .map((m) => m.id_message)
        .sort(),
    ).toEqual(['EXP-1', 'EXP-2', 'EXP-3']);
    expect(byTable('tenants')).toEqual([expect.objectContaining({ id: 'acme' })]);
    expect(
      byTable('whatsapp_senders')
        .map((s) => s.chat_id)
        .sort(),
    ).toEqual([ACME_ADMIN, ACME_PERSON].sort());
    expect(byTable('max_logs').length).toBeGreaterThan(0);
    expect(byTable('outbox').length).toBe(3);
    expect(byTable('tenant_usage')).toHaveLength(1);
    // Nothing of globex, and no secret: names and key ids only.
    expect(r.raw!.body).not.toContain('globex');
    expect(
      byTable('tenant_secrets').every((s) => Object.keys(s).sort().join() === 'key_id,name,updated_at'),
    ).toBe(true);
    expect(r.raw!.body).not.toContain(h.espo.apiKey);
    expect(r.raw!.body).not.toMatch(/"v1\.k1\./);
    for (const [t, n] of Object.entries(end.counts as Record<string, number>))
      expect({ t, n }).toEqual({ t, n: byTable(t).length });
  });

  it("a person's erasure: their messages, transcripts, conversations and replies go; counts and the audit's rows stay, under a pseudonym", async () => {
    const usage = await h.db
      .admin`select messages_in, messages_out, active_users from tenant_usage where tenant_id = 'acme'`;
    const audit = await rowsOf('max_logs', 'acme');
    const r = await h.admin(key, {
      action: 'sender.erase',
      tenantId: 'acme',
      phone: '+33 6 12 37 00 02',
      body: {},
    });
    expect(r.status).toBe(200);
    const e = json(r).erasure;
    expect(e).toMatchObject({ messages: 2, sessions: 1, replies: 2, senderRemoved: false });
    expect(e.pseudonym).toMatch(/^erased:[0-9a-f]{16}$/);
    const everything = JSON.stringify(
      await Promise.all(
        ['inbound_messages', 'sessions', 'outbox', 'max_logs', 'pending_actions', 'tool_calls'].map((t) =>
          h.db.admin.unsafe(`select * from public.${t} where tenant_id = 'acme'`),
        ),
      ),
    );
    expect(everything).not.toContain('33612370002');
    expect(everything).not.toContain('Personne Secrète');
    expect(everything).not.toContain('secret@test.fr');
    // Still counted: the messages (their content gone), the usage, every audit row.
    const kept = await h.db
      .admin`select count(*)::int as n from inbound_messages where tenant_id = 'acme' and sender_id = ${e.pseudonym} and content is null`;
    expect(kept[0]!.n).toBe(2);
    expect(
      await h.db
        .admin`select messages_in, messages_out, active_users from tenant_usage where tenant_id = 'acme'`,
    ).toEqual(usage);
    expect(await rowsOf('max_logs', 'acme')).toBe(audit + 1);
    const [step] = await h.db.admin`select actor, detail from max_logs where action = 'person_erased'`;
    expect(step!.actor).toMatch(/^operator:key:/);
    expect(JSON.stringify(step!.detail)).not.toContain('33612370002');
    // Another tenant's rows were not touched; the admin of acme's rows neither.
    expect(
      await h.db
        .admin`select 1 from inbound_messages where id_message = 'EXP-1' and sender_id = ${ACME_ADMIN}`,
    ).toHaveLength(1);
    expect(
      await h.db
        .admin`select 1 from inbound_messages where tenant_id = 'globex' and content is null and sender_id like 'erased:%'`,
    ).toHaveLength(0);
  });

  it('the audit stays append-only outside its three sanctioned changes', async () => {
    await expect(h.db.admin`update max_logs set actor = 'someone' where tenant_id = 'acme'`).rejects.toThrow(
      /append-only/,
    );
    await expect(h.db.admin`delete from max_logs where tenant_id = 'acme'`).rejects.toThrow(/append-only/);
    // The erasure's setting names one actor: it does not open other rows, nor other columns.
    await expect(
      h.db.admin.begin(async (tx) => {
        await tx`select set_config('max.erase_actor', ${ACME_ADMIN}, true)`;
        await tx`update max_logs set actor = 'erased:x', action = 'forged' where actor = ${ACME_ADMIN}`;
      }),
    ).rejects.toThrow(/append-only/);
  });

  it('deleting needs a disabled tenant; then it says what stays, and activating again cancels it', async () => {
    const active = await h.admin(key, { action: 'tenant.delete', tenantId: 'globex' });
    expect(active.status).toBe(409);
    await h.admin(key, { action: 'tenant.disable', tenantId: 'globex' });
    const r = await h.admin(key, { action: 'tenant.delete', tenantId: 'globex' });
    expect(r.status).toBe(202);
    expect(json(r).deletion.stays.inYourCrm).toContain(h.espo.url);
    expect(json(r).deletion.stays.inMax).toContain('365 days');
    const purgeAfter = Date.parse(json(r).deletion.purgeAfter);
    expect(Math.round((purgeAfter - Date.now()) / 86_400_000)).toBe(30);
    // Within the grace period the cron leaves it alone.
    await h.health();
    expect(await rowsOf('inbound_messages', 'globex')).toBe(1);
    expect((await h.admin(key, { action: 'tenant.activate', tenantId: 'globex' })).status).toBe(200);
    const [t] = await h.db.admin`select status, purge_after from tenants where id = 'globex'`;
    expect({ ...t }).toEqual({ status: 'active', purge_after: null });
  });

  it('after the grace period every row MAX holds for it goes; audit rows within the retention stay under a tombstone that frees its instance', async () => {
    await h.admin(key, { action: 'tenant.disable', tenantId: 'globex' });
    await h.admin(key, { action: 'tenant.delete', tenantId: 'globex' });
    await h.db.admin`update tenants set purge_after = now() - interval '1 second' where id = 'globex'`;
    const audit = await rowsOf('max_logs', 'globex');
    const run = await h.health();
    expect(json(run).maintenance.tenantsPurged).toBe(1);
    for (const t of [
      'inbound_messages',
      'sessions',
      'outbox',
      'tool_calls',
      'tenant_secrets',
      'whatsapp_senders',
      'tenant_members',
      'tenant_memory',
      'tenant_usage',
      'tenant_health',
    ])
      expect({ t, n: await rowsOf(t, 'globex') }).toEqual({ t, n: 0 });
    expect(await rowsOf('max_logs', 'globex')).toBe(audit);
    expect(
      await h.db.admin`select 1 from max_logs where tenant_id = 'globex' and message_id is not null`,
    ).toHaveLength(0);
    const [tomb] = await h.db
      .admin`select status, name, green_api_instance_id from tenants where id = 'globex'`;
    expect({ ...tomb }).toEqual({ status: 'deleted', name: 'globex', green_api_instance_id: null });
    // The instance is free for another tenant; the deleted one is gone for the API.
    expect((await h.admin(key, { action: 'tenant.get', tenantId: 'globex' })).status).toBe(404);
    const again = await h.admin(key, {
      action: 'tenant.create',
      body: {
        id: 'globex-2',
        name: 'G2',
        idInstance: '1101000072',
        greenApiUrl: h.green.url,
        crmBaseUrl: h.espo.url,
      },
    });
    expect(again.status).toBe(201);
    // Once its audit rows are past the retention, the tombstone goes too.
    await h.db.admin.begin(async (tx) => {
      await tx`alter table max_logs disable trigger max_logs_no_update`;
      await tx`update max_logs set created_at = now() - interval '400 days' where tenant_id = 'globex'`;
      await tx`alter table max_logs enable trigger max_logs_no_update`;
    });
    const later = await h.health();
    expect(json(later).maintenance.tombstonesRemoved).toBe(1);
    expect(await h.db.admin`select 1 from tenants where id = 'globex'`).toHaveLength(0);
    expect(await rowsOf('max_logs', 'globex')).toBe(0);
    const purged = await h.db
      .admin`select action from operator_audit where tenant_id = 'globex' and via = 'cron' order by id`;
    expect(purged.map((p) => p.action)).toEqual(['tenant.purged', 'tenant.tombstone_removed']);
  });
});
