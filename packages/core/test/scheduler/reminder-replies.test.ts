import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDeps } from '../../src/index.ts';
import { type Harness, startHarness } from '../agent/pipeline/harness.ts';
import { cron, manualClock } from './clock.ts';

const INSTANCE = '1101000081';
const ADMIN = '33612340301@c.us';
const MEMBER = '33612340302@c.us';

/**
 * What the team says back on WhatsApp, through the real pipeline (rules engine): "fait" and
 * "reporte à demain 10h" answer the reminder they got, in the CRM; "arrête les rappels" stops the
 * sender's; "annule le rapport hebdo" is an admin's, and cancels the planned summaries.
 */
describe('answering reminders and switching MAX’s own messages from WhatsApp', () => {
  let h: Harness;
  let deps: PipelineDeps;
  let user = '';
  const t = manualClock('2026-12-08T08:30:00Z');
  const to = (chat: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chat)
      .map((m) => m.message);
  const crm = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.espo.url}/api/v1/${path}`, {
      method,
      headers: { 'x-api-key': h.espo.apiKey, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown> & { id: string };
  };
  const say = async (chat: string, text: string) => {
    const r = await h.deliver(h.text(INSTANCE, chat, text));
    expect(r.status).toBe(200);
    return to(chat).at(-1);
  };
  /** A task of the member's, due at `dateEnd`, reminded by the cron at that minute. */
  const reminded = async (name: string, dateEnd: string) => {
    const task = await crm('POST', 'Task', { name, status: 'Not Started', dateEnd, assignedUserId: user });
    t.set(new Date(new Date(`${dateEnd.replace(' ', 'T')}Z`).getTime() - 20 * 60_000).toISOString());
    await cron(deps);
    t.set(`${dateEnd.replace(' ', 'T')}Z`);
    await cron(deps);
    return task;
  };

  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({
      id: 'acme',
      idInstance: INSTANCE,
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
    });
    const users = (await (
      await fetch(`${h.espo.url}/api/v1/User`, { headers: { 'x-api-key': h.espo.apiKey } })
    ).json()) as { list: Array<{ id: string; type: string }> };
    user = users.list.find((u) => u.type === 'api')!.id;
    await h.db.admin`insert into schedule_settings (tenant_id, chat_id, settings)
                     values ('acme', ${MEMBER}, ${JSON.stringify({ crmUserId: user })}::text::jsonb)`;
    deps = { ...h.deps, clock: t.clock };
  }, 60_000);
  afterAll(() => h.close());
  beforeEach(() => h.green.reset());

  it('"fait" closes the task the reminder was about', async () => {
    const task = await reminded('Appeler Dupont', '2026-12-08 09:00:00');
    expect(to(MEMBER)).toHaveLength(1);
    expect(await say(MEMBER, 'fait')).toBe('✅ Tâche « Appeler Dupont » marquée comme faite.');
    expect((await crm('GET', `Task/${task.id}`)).status).toBe('Completed');
  });

  it('"reporte à demain 10h" moves the task the reminder was about to that local time', async () => {
    const task = await reminded('Envoyer devis', '2026-12-08 10:00:00');
    const reply = await say(MEMBER, 'reporte à demain 10h');
    expect(reply).toMatch(/^🕒 Tâche « Envoyer devis » reportée au \d{4}-\d{2}-\d{2} à 10:00\.$/);
    const moved = await crm('GET', `Task/${task.id}`);
    expect(moved.dateEnd).not.toBe('2026-12-08 10:00:00');
    expect(String(moved.dateEnd)).toMatch(/ 09:00:00$/); // 10:00 in Paris, winter
  });

  it("a command that moves another record's date is never taken as an answer to the last reminder", async () => {
    const task = await reminded('Relancer Martin', '2026-12-08 11:00:00');
    for (const text of [
      "décale la clôture de l'opportunité Site web au 20 janvier",
      'move the close date of deal Website to 2027-01-20',
      'reporte le rdv avec Martin à jeudi',
    ])
      await say(MEMBER, text);
    const still = await crm('GET', `Task/${task.id}`);
    expect(still.dateEnd).toBe('2026-12-08 11:00:00');
    expect(still.status).toBe('Not Started');
  });

  it('"arrête les rappels" stops the sender’s reminders; "réactive les rappels" brings them back', async () => {
    expect(await say(MEMBER, 'arrête les rappels')).toMatch(/^⏰ Rappels arrêtés\./);
    await reminded('Relancer Bio', '2026-12-09 09:00:00');
    expect(to(MEMBER).filter((m) => m.startsWith('⏰ Rappel :'))).toEqual([]);
    expect(await say(MEMBER, 'réactive les rappels')).toBe('⏰ Rappels réactivés.');
    await reminded('Relancer Vert', '2026-12-09 11:00:00');
    expect(to(MEMBER).filter((m) => m.startsWith('⏰ Rappel :'))).toHaveLength(1);
  });

  it('"annule le rapport hebdo" is for admins: it turns the summary off and cancels the planned one', async () => {
    t.set('2026-12-10T09:00:00Z');
    await cron(deps);
    const planned = await h.db.admin`select state from scheduled_items where kind = 'report.weekly'`;
    expect(planned.map((r) => r.state)).toEqual(['pending']);
    expect(await say(MEMBER, 'annule le rapport hebdo')).toBe(
      'Désolé, cette action est réservée aux administrateurs.',
    );
    expect(await say(ADMIN, 'annule le rapport hebdo')).toMatch(
      /^📊 Rapport hebdo annulé \(1 prévu\(s\) supprimé\(s\)\)/,
    );
    const after = await h.db.admin`select state from scheduled_items where kind = 'report.weekly'`;
    expect(after.map((r) => r.state)).toEqual(['cancelled']);
    t.set('2026-12-14T07:00:00Z');
    await cron(deps);
    expect(to(ADMIN).filter((m) => m.startsWith('📊 Résumé'))).toEqual([]);
  });
});
