import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defaultKinds,
  type KindHandler,
  type PipelineDeps,
  type SchedulerDb,
  schedulerDb,
} from '../../src/index.ts';
import { type Harness, startHarness } from '../agent/pipeline/harness.ts';
import { asClaims } from '../store/seed.ts';
import { cron, job, manualClock } from './clock.ts';

const ACME_ADMIN = '33612340101@c.us';
const ACME_MEMBER = '33612340102@c.us';
const GLOBEX_ADMIN = '33612340103@c.us';
const ACME_PERSON = 'a0000000-0000-4000-8000-0000000000a1';

/** A kind of the tests: says its text to the item's chat (a message to a person: quiet hours apply). */
const ping: KindHandler = {
  quietHours: true,
  parse: (p) => {
    const r = z.object({ text: z.string() }).safeParse(p);
    return r.success ? { ok: true, value: r.data } : { ok: false, error: r.error.message };
  },
  run: async (ctx, p: { text: string }) => ({
    outcome: 'done',
    messages: [{ chatId: ctx.item.chatId!, body: p.text }],
    result: { pinged: 1 },
  }),
};

/**
 * The scheduler through the real pipeline (signed jobs into the agent's dispatcher, the migrated
 * database, the Green-API stand-in), with a clock the test moves: once per dedupe key, once per
 * item whatever the cron and the queue repeat, a crash mid-run, quiet hours, cancel, isolation.
 */
describe('the scheduler: enqueue, cron, claim once', () => {
  let h: Harness;
  let deps: PipelineDeps;
  let db: SchedulerDb;
  const t = manualClock('2026-12-08T09:00:00Z');
  const to = (chat: string) => h.green.sent().filter((m) => m.chatId === chat);

  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({
      id: 'acme',
      idInstance: '1101000061',
      crmUrl: h.espo.url,
      admin: ACME_ADMIN,
      member: ACME_MEMBER,
    });
    await h.seedTenant({
      id: 'globex',
      idInstance: '1101000062',
      crmUrl: h.espo.url,
      admin: GLOBEX_ADMIN,
      locale: 'en',
    });
    // Only the test's kind: the recurring items MAX plans for itself are off here.
    for (const id of ['acme', 'globex'])
      await h.db.admin`insert into schedule_settings (tenant_id, chat_id, settings)
                       values (${id}, '', '{"reminders": false, "weeklyReport": false}'::jsonb)`;
    await h.db
      .admin`insert into tenant_members (tenant_id, user_id, role) values ('acme', ${ACME_PERSON}, 'admin')`;
    deps = { ...h.deps, clock: t.clock, scheduledKinds: defaultKinds({ 'test.ping': ping }) };
    db = schedulerDb(h.store);
  }, 60_000);
  afterAll(() => h.close());
  beforeEach(async () => {
    h.green.reset();
    await h.db.admin`delete from scheduled_items`;
    t.set('2026-12-08T09:00:00Z');
  });

  const enqueue = (tenantId: string, key: string, dueAt: string, chatId: string, text: string) =>
    db.schedule(tenantId, t.clock.now(), [
      { kind: 'test.ping', dedupeKey: key, dueAt: new Date(dueAt), chatId, payload: { text } },
    ]);

  it('an item enqueued twice under one dedupe key exists once', async () => {
    expect(await enqueue('acme', 'k1', '2026-12-08T09:05:00Z', ACME_MEMBER, 'hello')).toEqual({
      created: 1,
      replaced: 0,
    });
    expect(await enqueue('acme', 'k1', '2026-12-08T09:05:00Z', ACME_MEMBER, 'hello')).toEqual({
      created: 0,
      replaced: 0,
    });
    const rows = await h.db
      .admin`select what, for_whom, state, attempts from scheduled_work where tenant_id = 'acme'`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { what: 'test.ping', for_whom: ACME_MEMBER, state: 'pending', attempts: 0 },
    ]);
  });

  it('nothing runs before its minute; at its minute two cron runs at once hand it out once, and it is sent once', async () => {
    await enqueue('acme', 'k2', '2026-12-08T09:05:00Z', ACME_MEMBER, 'at 10:05 Paris');
    t.set('2026-12-08T09:04:59Z');
    expect((await cron(deps)).due).toEqual([]);
    t.set('2026-12-08T09:05:00Z');
    const [a, b] = await Promise.all([
      job(deps, { kind: 'schedule_tick' }),
      job(deps, { kind: 'schedule_tick' }),
    ]);
    const handed = [...(a.body.due as unknown[]), ...(b.body.due as unknown[])];
    expect(handed).toHaveLength(1);
    const { tenantId, itemId } = handed[0] as { tenantId: string; itemId: string };
    const item = { tenantId, itemId };
    // The queue delivers it twice (a redelivery), at once and again later.
    const runs = await Promise.all([
      job(deps, { kind: 'scheduled', ...item }),
      job(deps, { kind: 'scheduled', ...item }),
    ]);
    const again = await job(deps, { kind: 'scheduled', ...item });
    // One ran it; the other found it held (defer) or already done (duplicate).
    expect(runs.map((r) => r.body.outcome).sort()).toEqual(expect.arrayContaining(['done']));
    expect(runs.filter((r) => r.body.outcome === 'done')).toHaveLength(1);
    expect(again.body).toMatchObject({ outcome: 'duplicate', state: 'done' });
    expect(to(ACME_MEMBER).map((m) => m.message)).toEqual(['at 10:05 Paris']);
    const [row] = await h.db.admin`select state, attempts from scheduled_work where id = ${item.itemId}`;
    expect({ ...row }).toEqual({ state: 'done', attempts: 1 });
    const [audit] = await h.db
      .admin`select actor, action, result from max_logs where detail ->> 'itemId' = ${item.itemId}`;
    expect({ ...audit }).toEqual({ actor: 'scheduler', action: 'scheduled.test.ping', result: 'ok' });
  });

  it('a crash mid-run: the dead attempt holds it until its lease ends, the cron hands it out again, it is sent once', async () => {
    await enqueue('acme', 'k3', '2026-12-08T09:00:00Z', ACME_MEMBER, 'survives a crash');
    // An attempt claims it and dies before finishing (its worker crashed).
    const [row] = await h.db.admin`select id from scheduled_items where dedupe_key = 'k3'`;
    const dead = await db.claim('acme', String(row!.id), t.clock.now(), 120_000);
    expect(dead.outcome).toBe('claimed');
    // Redelivered while the dead attempt's lease runs: held, not run twice.
    const held = await job(deps, { kind: 'scheduled', tenantId: 'acme', itemId: String(row!.id) });
    expect(held.body).toMatchObject({ outcome: 'defer', reason: 'in_progress' });
    t.advance(119_000);
    expect((await cron(deps)).due).toEqual([]);
    t.advance(2_000);
    const { due, runs } = await cron(deps);
    expect(due.map((d) => d.itemId)).toEqual([String(row!.id)]);
    expect(runs.map((r) => r.body.outcome)).toEqual(['done']);
    // The dead attempt wakes up and tries to finish: fenced out, it sends nothing.
    if (dead.outcome !== 'claimed') throw new Error('unreachable');
    await expect(
      db.finish(dead.item, dead.attempt, t.clock.now(), {
        outcome: 'done',
        messages: [{ chatId: ACME_MEMBER, body: 'survives a crash' }],
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(to(ACME_MEMBER).filter((m) => m.message === 'survives a crash')).toHaveLength(1);
    const [after] = await h.db.admin`select state, attempts from scheduled_items where id = ${row!.id}`;
    expect({ ...after }).toEqual({ state: 'done', attempts: 2 });
  });

  it('quiet hours: due at 22:30 in Paris, it waits and goes at 08:00 local, not before', async () => {
    // 21:30 UTC = 22:30 in Paris (winter): inside the default 21:00–08:00.
    t.set('2026-12-08T21:30:00Z');
    await enqueue('acme', 'k4', '2026-12-08T21:30:00Z', ACME_MEMBER, 'late one');
    const first = await cron(deps);
    expect(first.runs.map((r) => r.body)).toEqual([
      expect.objectContaining({ heldUntil: '2026-12-09T07:00:00.000Z' }),
    ]);
    expect(to(ACME_MEMBER)).toEqual([]);
    t.set('2026-12-09T06:59:00Z');
    expect((await cron(deps)).due).toEqual([]);
    t.set('2026-12-09T07:00:00Z');
    await cron(deps);
    expect(to(ACME_MEMBER).map((m) => m.message)).toEqual(['late one']);
  });

  it('a cancelled item never runs, and an item of an unknown kind fails without sending', async () => {
    await enqueue('acme', 'k5', '2026-12-08T09:00:00Z', ACME_MEMBER, 'never');
    expect(await db.cancel('acme', t.clock.now(), { kinds: ['test.ping'], reason: 'test' })).toBe(1);
    await db.schedule('acme', t.clock.now(), [
      { kind: 'test.nothing', dedupeKey: 'k6', dueAt: t.clock.now() },
    ]);
    const { runs } = await cron(deps);
    expect(runs.map((r) => r.body)).toEqual([expect.objectContaining({ state: 'failed' })]);
    expect(to(ACME_MEMBER)).toEqual([]);
    const rows = await h.db.admin`select dedupe_key, state from scheduled_items order by dedupe_key`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { dedupe_key: 'k5', state: 'cancelled' },
      { dedupe_key: 'k6', state: 'failed' },
    ]);
  });

  it("tenant A's admin sees only A's scheduled work and can neither cancel nor change B's (SQL as authenticated)", async () => {
    await enqueue('acme', 'a1', '2026-12-08T10:00:00Z', ACME_MEMBER, 'acme');
    await enqueue('globex', 'g1', '2026-12-08T10:00:00Z', GLOBEX_ADMIN, 'globex');
    const claims = { sub: ACME_PERSON, role: 'authenticated', tenant_id: 'acme', tenant_role: 'admin' };
    const seen = await asClaims(
      h.db.sql,
      'authenticated',
      claims,
      (tx) => tx`select tenant_id from scheduled_work`,
    );
    expect(seen.map((r) => r.tenant_id)).toEqual(['acme']);
    const tries = [
      `update public.scheduled_items set state = 'cancelled' where tenant_id = 'globex'`,
      `delete from public.scheduled_items where tenant_id = 'globex'`,
      `insert into public.scheduled_items (tenant_id, kind, dedupe_key, due_at) values ('globex', 'test.ping', 'x', now())`,
      `select public.max_cancel_scheduled('{"tenantId": "globex", "now": "2026-12-08T09:00:00Z"}'::jsonb)`,
      `select public.max_claim_scheduled('globex', gen_random_uuid(), now(), 1000)`,
      `select public.max_due_scheduled(now(), 10, 0)`,
    ];
    for (const stmt of tries) {
      const code = await asClaims(h.db.sql, 'authenticated', claims, async (tx) => {
        try {
          await tx.unsafe(stmt);
          return 'ran';
        } catch (e) {
          return (e as { code?: string }).code;
        }
      });
      expect({ stmt, code }).toEqual({ stmt, code: '42501' });
    }
    const rows = await h.db.admin`select tenant_id, state from scheduled_items order by tenant_id`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { tenant_id: 'acme', state: 'pending' },
      { tenant_id: 'globex', state: 'pending' },
    ]);
  });
});
