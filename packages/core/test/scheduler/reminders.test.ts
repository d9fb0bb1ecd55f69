import { startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDeps } from '../../src/index.ts';
import { type Harness, startHarness } from '../agent/pipeline/harness.ts';
import { cron, manualClock } from './clock.ts';

const ACME_ADMIN = '33612340201@c.us';
const ACME_MEMBER = '33612340202@c.us';
const GLOBEX_ADMIN = '12125550103@c.us';

/**
 * Reminders, digests and the weekly summary through the real pipeline: the cron's tick plans, the
 * sweep reads the CRM stand-in, the items run at their minute in each tenant's time zone, held
 * through quiet hours, and each is sent once however often the cron runs.
 */
describe('MAX on its own: reminders, digest, weekly summary', () => {
  let h: Harness;
  let deps: PipelineDeps;
  /** Globex's own CRM (New York). */
  let nyCrm: Awaited<ReturnType<typeof startEspoStandIn>>;
  /** The CRMs' users: acme's member is mapped to `sales`; globex's user is nobody's on WhatsApp. */
  let SALES_USER = '';
  let NY_USER = '';
  const t = manualClock('2026-12-08T08:30:00Z');
  const to = (chat: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chat)
      .map((m) => m.message);
  const crm = async (method: string, path: string, body?: unknown, url = h.espo.url) => {
    const res = await fetch(`${url}/api/v1/${path}`, {
      method,
      headers: { 'x-api-key': h.espo.apiKey, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { id: string };
  };
  /** The cron, as often as the test says (each run as the Worker does it: tick, then the queue). */
  const cronAt = async (iso: string, times = 1) => {
    t.set(iso);
    for (let i = 0; i < times; i++) await cron(deps);
  };

  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({
      id: 'acme',
      idInstance: '1101000071',
      crmUrl: h.espo.url,
      admin: ACME_ADMIN,
      member: ACME_MEMBER,
    });
    // Globex lives in New York, with its own CRM.
    nyCrm = await startEspoStandIn({ port: 0 });
    await h.seedTenant({
      id: 'globex',
      idInstance: '1101000072',
      crmUrl: nyCrm.url,
      admin: GLOBEX_ADMIN,
      locale: 'en',
    });
    await h.db.admin`update tenants set timezone = 'America/New_York' where id = 'globex'`;
    const apiUser = async (url: string) => {
      const users = (await (
        await fetch(`${url}/api/v1/User`, { headers: { 'x-api-key': h.espo.apiKey } })
      ).json()) as {
        list: Array<{ id: string; type: string }>;
      };
      return users.list.find((u) => u.type === 'api')!.id;
    };
    SALES_USER = await apiUser(h.espo.url);
    NY_USER = await apiUser(nyCrm.url);
    await h.db.admin`insert into schedule_settings (tenant_id, chat_id, settings)
                     values ('acme', ${ACME_MEMBER}, ${JSON.stringify({ crmUserId: SALES_USER })}::text::jsonb)`;
    deps = { ...h.deps, clock: t.clock };
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await nyCrm.stop();
  });
  beforeEach(() => h.green.reset());

  it('a task is reminded at its minute in Paris and in New York, to its owner or the admins, once', async () => {
    // 10:00 in Paris (09:00 UTC), assigned to the member's CRM user; 10:00 in New York (15:00 UTC), nobody's.
    await crm('POST', 'Task', {
      name: 'Appeler Dupont',
      status: 'Not Started',
      dateEnd: '2026-12-08 09:00:00',
      assignedUserId: SALES_USER,
    });
    const ny = await crm(
      'POST',
      'Task',
      {
        name: 'Call Smith',
        status: 'Not Started',
        dateEnd: '2026-12-08 15:00:00',
        assignedUserId: NY_USER,
      },
      nyCrm.url,
    );
    await cronAt('2026-12-08T08:30:00Z', 2);
    await cronAt('2026-12-08T08:59:00Z', 2);
    expect(to(ACME_MEMBER)).toEqual([]);
    await cronAt('2026-12-08T09:00:00Z', 2);
    expect(to(ACME_MEMBER)).toEqual([
      '⏰ Rappel : la tâche « Appeler Dupont » est prévue à 10:00.\nRépondez « fait », ou « reporte à demain 10h ».',
    ]);
    // Nobody's task: the admins of the tenant whose sweep found it (both tenants share this CRM here).
    expect(to(GLOBEX_ADMIN)).toEqual([]);
    await cronAt('2026-12-08T14:30:00Z');
    await cronAt('2026-12-08T14:59:00Z');
    expect(to(GLOBEX_ADMIN)).toEqual([]);
    await cronAt('2026-12-08T15:00:00Z', 3);
    expect(to(GLOBEX_ADMIN)).toEqual([
      '⏰ Reminder: task “Call Smith” is due at 10:00.\nReply “done”, or “postpone to tomorrow 10:00”.',
    ]);
    expect(to(ACME_MEMBER)).toHaveLength(1);
    await crm('PUT', `Task/${ny.id}`, { status: 'Completed' }, nyCrm.url);
    const rows = await h.db
      .admin`select tenant_id, what, state from scheduled_work where what like 'reminder.%' and state = 'done'`;
    expect(rows.map((r) => `${r.tenant_id}:${r.what}`).sort()).toEqual(
      expect.arrayContaining(['acme:reminder.task', 'globex:reminder.task']),
    );
  });

  it('a task moved before its reminder is reminded at its new time, not the old one; one done meanwhile, never', async () => {
    const moved = await crm('POST', 'Task', {
      name: 'Devis Roux',
      status: 'Not Started',
      dateEnd: '2026-12-09 10:00:00',
      assignedUserId: SALES_USER,
    });
    const closed = await crm('POST', 'Task', {
      name: 'Relance Bio',
      status: 'Not Started',
      dateEnd: '2026-12-09 10:00:00',
      assignedUserId: SALES_USER,
    });
    await cronAt('2026-12-09T09:30:00Z');
    await crm('PUT', `Task/${moved.id}`, { dateEnd: '2026-12-09 10:30:00' });
    await crm('PUT', `Task/${closed.id}`, { status: 'Completed' });
    await cronAt('2026-12-09T09:55:00Z');
    await cronAt('2026-12-09T10:00:00Z');
    expect(to(ACME_MEMBER)).toEqual([]);
    await cronAt('2026-12-09T10:30:00Z');
    expect(to(ACME_MEMBER)).toEqual([
      '⏰ Rappel : la tâche « Devis Roux » est prévue à 11:30.\nRépondez « fait », ou « reporte à demain 10h ».',
    ]);
    const [old] = await h.db
      .admin`select state, last_error from scheduled_items where dedupe_key = ${`reminder:Task:${moved.id}:2026-12-09 10:00:00`}`;
    expect({ ...old }).toEqual({ state: 'cancelled', last_error: 'replaced' });
  });

  it('a meeting is announced its lead time ahead; in quiet hours the reminder waits for their end', async () => {
    // 07:30 in Paris (06:30 UTC), inside 21:00–08:00: the 15-minute notice waits until 08:00.
    await crm('POST', 'Meeting', {
      name: 'Petit-déjeuner Acme',
      status: 'Planned',
      dateStart: '2026-12-10 06:30:00',
      dateEnd: '2026-12-10 07:30:00',
      assignedUserId: SALES_USER,
    });
    await cronAt('2026-12-10T05:50:00Z');
    await cronAt('2026-12-10T06:15:00Z');
    expect(to(ACME_MEMBER)).toEqual([]);
    await cronAt('2026-12-10T06:59:00Z');
    expect(to(ACME_MEMBER)).toEqual([]);
    await cronAt('2026-12-10T07:00:00Z');
    expect(to(ACME_MEMBER)).toEqual([
      '📅 Dans 15 min : rendez-vous « Petit-déjeuner Acme » à 07:30.\nRépondez « fait » une fois tenu, ou « reporte à demain 10h ».',
    ]);
  });

  it('the daily digest is opt-in, at the member’s time, once a day', async () => {
    await cronAt('2026-12-11T07:00:00Z', 2);
    expect(to(ACME_MEMBER)).toEqual([]);
    await h.db
      .admin`update schedule_settings set settings = settings || '{"digest": true, "digestTime": "08:30"}'::jsonb
                     where tenant_id = 'acme' and chat_id = ${ACME_MEMBER}`;
    await crm('POST', 'Task', {
      name: 'Préparer salon',
      status: 'Not Started',
      dateEnd: '2026-12-12 10:00:00',
      assignedUserId: SALES_USER,
    });
    await cronAt('2026-12-12T07:29:00Z');
    const before = to(ACME_MEMBER).filter((m) => m.startsWith('☀️'));
    expect(before).toEqual([]);
    await cronAt('2026-12-12T07:30:00Z', 2);
    await cronAt('2026-12-12T07:31:00Z');
    const digests = to(ACME_MEMBER).filter((m) => m.startsWith('☀️'));
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatch(
      /^☀️ Bonjour, votre journée :\nTâches du jour \(1\)\n {2}• 11:00 Préparer salon\n/,
    );
    expect(to(ACME_ADMIN).filter((m) => m.startsWith('☀️'))).toEqual([]);
  });

  it('the weekly summary goes to the admins on Monday at 08:00 local, with last week’s figures and the goals', async () => {
    await h.db
      .admin`insert into tenant_memory (tenant_id, key, value) values ('acme', 'goal.1', '20 nouveaux leads par mois')`;
    await crm('POST', 'Lead', { firstName: 'Léa', lastName: 'Hebdo', source: 'Web Site', status: 'New' });
    await cronAt('2026-12-14T06:59:00Z');
    expect(to(ACME_ADMIN)).toEqual([]);
    await cronAt('2026-12-14T07:00:00Z', 2);
    const [report, ...more] = to(ACME_ADMIN);
    expect(more).toEqual([]);
    expect(report).toMatch(/^📊 Résumé de la semaine, 2026-12-07 → 2026-12-13\nNouveaux leads : \d+ /);
    expect(report).toMatch(/par source : .*Web Site \d+/);
    expect(report).toMatch(/Vos objectifs : 20 nouveaux leads par mois$/);
    expect(to(ACME_MEMBER).filter((m) => m.startsWith('📊'))).toEqual([]);
  });
});
