/**
 * The demo's scheduled act: MAX on its own, through the real path (the Worker's cron fired by
 * wrangler's scheduled trigger → the agent's tick → the queue → the agent claims each item → the
 * Green-API stand-in). A task due now (on the demo's first lead) is reminded and answered "c'est fait" (the CRM's task is then
 * completed), the member's daily digest and the admins' weekly report are sent. The demo tenant's
 * digest and report times are set to this minute and its quiet hours turned off, so the act runs at
 * any hour (the operator's way: max_set_schedule_settings).
 */
import postgres from 'postgres';
import type { Exchange } from './crm-tour.ts';

export interface ScheduledCounts {
  remindersSent: number;
  digestsSent: number;
  reportsSent: number;
}

interface Ctx {
  urls: { worker: string; db: string; green: string };
  demo: { tenantId: string; admin: string; member: string };
  exchange: Exchange;
  fail: (why: string) => void;
}

const sentTo = async (green: string, chatId: string) =>
  (await (await fetch(`${green}/sandbox/messages?chatId=${encodeURIComponent(chatId)}`)).json()) as Array<{
    message: string;
  }>;

/** Fires the Worker's every-minute cron as Cloudflare does (wrangler's scheduled trigger); its HTTP status. */
async function fireCron(worker: string): Promise<number> {
  const cron = encodeURIComponent('* * * * *');
  let status = 0;
  for (const path of [`/cdn-cgi/handler/scheduled?cron=${cron}`, `/__scheduled?cron=${cron}`]) {
    const res = await fetch(`${worker}${path}`, { signal: AbortSignal.timeout(60_000) }).catch(() => null);
    await res?.body?.cancel();
    status = res?.status ?? 0;
    if (status === 200) break;
  }
  return status;
}

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function scheduledAct(c: Ctx): Promise<ScheduledCounts> {
  const counts: ScheduledCounts = { remindersSent: 0, digestsSent: 0, reportsSent: 0 };
  const sql = postgres(c.urls.db, { max: 1, onnotice: () => {} });
  try {
    const [t] = await sql`select timezone from tenants where id = ${c.demo.tenantId}`;
    const tz = String(t!.timezone);
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: tz,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date())
        .map((p) => [p.type, p.value]),
    );
    const hhmm = `${parts.hour}:${parts.minute}`;
    const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(String(parts.weekday)) + 1;
    const set = (chatId: string, patch: Record<string, unknown>) =>
      sql`select max_set_schedule_settings(${JSON.stringify({ tenantId: c.demo.tenantId, chatId, patch })}::text::jsonb)`;
    await set('', { quietStart: '00:00', quietEnd: '00:00', weeklyDay: day, weeklyTime: hhmm });
    await set(c.demo.member, { digest: true, digestTime: hhmm });

    // A task due this very minute (the rules engine reads the time in the tenant's time zone).
    await c.exchange(
      'FR task due now',
      c.demo.admin,
      `crée une tâche rappeler Test E2E aujourd'hui à ${hhmm.replace(':', 'h')}`,
      /Tâche créée/,
    );
    const before = {
      admin: (await sentTo(c.urls.green, c.demo.admin)).length,
      member: (await sentTo(c.urls.green, c.demo.member)).length,
    };
    // First run: the reminder sweep finds the task (and the digest and report are due): each item
    // goes through the queue to the agent. Second run: the reminder the sweep created.
    const fired = await fireCron(c.urls.worker);
    if (fired !== 200) c.fail(`scheduled: the cron did not fire (${fired})`);
    const swept = await until(async () => {
      const [s] = await sql`select count(*)::int as n from scheduled_items
                             where tenant_id = ${c.demo.tenantId} and kind = 'reminders.sweep' and state = 'done'`;
      return Number(s!.n) > 0;
    }, 30_000);
    if (!swept) c.fail('scheduled: the reminder sweep did not run');
    await fireCron(c.urls.worker);
    // A cron firing twice: nothing is sent twice.
    await fireCron(c.urls.worker);
    const got = await until(async () => {
      const admin = (await sentTo(c.urls.green, c.demo.admin)).slice(before.admin);
      const member = (await sentTo(c.urls.green, c.demo.member)).slice(before.member);
      return (
        admin.some((m) => m.message.startsWith('⏰')) &&
        admin.some((m) => m.message.startsWith('📊')) &&
        member.some((m) => m.message.startsWith('☀️'))
      );
    }, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    const admin = (await sentTo(c.urls.green, c.demo.admin)).slice(before.admin);
    const member = (await sentTo(c.urls.green, c.demo.member)).slice(before.member);
    counts.remindersSent = admin.filter((m) => m.message.startsWith('⏰ Rappel')).length;
    counts.reportsSent = admin.filter((m) => m.message.startsWith('📊')).length;
    counts.digestsSent = member.filter((m) => m.message.startsWith('☀️')).length;
    for (const m of [...admin, ...member].filter((x) => /^(⏰|📊|☀️)/u.test(x.message)))
      console.log(`\n[scheduled] MAX → ${m.message.replace(/\n/g, '\n        ')}`);
    if (!got) c.fail('scheduled: a reminder, a digest and a weekly report were expected');
    if (counts.remindersSent !== 1 || counts.reportsSent !== 1 || counts.digestsSent !== 1)
      c.fail(`scheduled: expected one of each, got ${JSON.stringify(counts)}`);
    await c.exchange(
      'FR reminder done',
      c.demo.admin,
      "c'est fait",
      /Tâche « .*Test E2E.* » marquée comme faite/,
    );
    // Back to the tenant's own settings: the act's times were for this run only.
    await sql`delete from schedule_settings where tenant_id = ${c.demo.tenantId}`;
  } finally {
    await sql.end({ timeout: 2 });
  }
  return counts;
}
