import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDeps } from '../../../src/index.ts';
import { cron, job, manualClock } from '../../scheduler/clock.ts';
import { type Harness, startHarness } from '../pipeline/harness.ts';

const T = { id: 'fup', idInstance: '1101000871' };
const ADMIN = '33600000871@c.us';
const ALICE = '33611111101@c.us';
const BRUNO = '33611111102@c.us';
const CHLOE = '33611111103@c.us';
const TEXT = 'Avez-vous pu regarder notre devis ?';

type Msg = { chatId: string; message: string };

/**
 * Bulk follow-ups through the real pipeline and i22a's scheduler (signed cron and item jobs, a
 * clock the test moves): preview, yes, one paced send per consented lead, exactly once under a
 * cron firing twice, a redelivered yes and a Green-API failure, then a report to the sender.
 */
describe('bulk follow-ups to leads, paced by the scheduler', () => {
  let h: Harness;
  let deps: PipelineDeps;
  let n = 0;
  const t = manualClock('2026-12-08T09:00:00Z');
  const say = (text: string, id = `FUP-${++n}`) =>
    h.deliverUntilSettled(h.text(T.idInstance, ADMIN, text, id));
  const to = (chat: string) => (h.green.sent() as Msg[]).filter((m) => m.chatId === chat);
  const lastTo = (chat: string) => to(chat).at(-1)?.message ?? '';

  beforeAll(async () => {
    h = await startHarness({ customizations: 'infra' });
    await h.seedTenant({ ...T, crmUrl: h.espo.url, admin: ADMIN });
    await h.db.admin`insert into schedule_settings (tenant_id, chat_id, settings)
                     values (${T.id}, '', '{"reminders": false, "weeklyReport": false}'::jsonb)`;
    // The database's own clock paces real sends; this test moves its own clock: no spacing here.
    await h.db.admin`insert into outbound_pacing (tenant_id, spacing_seconds) values (${T.id}, 0)`;
    await say('ajoute Alice Martin, 06 11 11 11 01');
    await say('ajoute Bruno Petit, 06 11 11 11 02');
    await say('ajoute Chloé Roy, 06 11 11 11 03');
    await say('Alice Martin accepte les messages WhatsApp');
    await say('Bruno Petit accepte les messages WhatsApp');
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
    for (const l of h.espo.state.records('Lead') as Array<Record<string, unknown>>)
      Object.assign(l, { status: 'In Process', modifiedAt: old });
    deps = { ...h.deps, clock: t.clock };
    // The sends are messages to people: held in the tenant's quiet hours. The scheduler's clock
    // starts the next morning (10:00 in Paris), after the items were planned.
    t.set(`${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T09:00:00Z`);
  }, 120_000);
  afterAll(() => h.close());

  it('the preview lists the consented leads and the text; nothing is sent before the yes', async () => {
    await say(`relance les leads En cours sans activité depuis 7 jours avec : ${TEXT}`);
    const preview = lastTo(ADMIN);
    expect(preview).toMatch(/Relancer 2 lead\(s\) En cours sans activité depuis 7 jours \(Alice, Bruno\)/);
    expect(preview).toMatch(/1 autre\(s\) sans consentement/);
    expect(preview).toContain(`« ${TEXT} »`);
    expect(to(ALICE)).toHaveLength(0);
  });

  it('after the yes each consented lead gets the text once, whatever repeats or fails', async () => {
    const yes = h.text(T.idInstance, ADMIN, 'oui', 'FUP-YES');
    await h.deliverUntilSettled(yes);
    expect(lastTo(ADMIN)).toMatch(/Relance programmée : 2 message/);
    expect((await h.deliver(yes)).body.duplicate).toBe(true);
    // Green-API refuses the first send; the outbox tries it again.
    h.green.failNext(1, 500, { method: 'sendMessage' });
    const first = await cron(deps);
    expect(first.due.filter((d) => d.kind === 'followup.send')).toHaveLength(2);
    // The cron fires again, and the queue delivers an item again: nothing more is sent.
    await cron(deps);
    for (const d of first.due) await job(deps, { kind: 'scheduled', tenantId: d.tenantId, itemId: d.itemId });
    for (let i = 0; i < 20 && (to(ALICE).length === 0 || to(BRUNO).length === 0); i++) {
      await new Promise((r) => setTimeout(r, 500));
      await job(deps, { kind: 'backstop', minutes: 5 });
    }
    // The fault met a send of this batch.
    expect(
      (h.green.requests() as Array<{ method: string; status: number | string }>).filter(
        (r) => r.method === 'sendMessage' && r.status === 500,
      ),
    ).toHaveLength(1);
    expect(to(ALICE).map((m) => m.message)).toEqual([TEXT]);
    expect(to(BRUNO).map((m) => m.message)).toEqual([TEXT]);
    expect(to(CHLOE)).toHaveLength(0);
    const notes = (h.espo.state.records('Note') as Array<Record<string, unknown>>).filter((x) =>
      String(x.post).includes(TEXT),
    );
    expect(notes).toHaveLength(2);
  });

  it('the sender gets one report once every send is final', async () => {
    t.advance(5 * 60_000);
    await cron(deps);
    await cron(deps);
    const reports = to(ADMIN).filter((m) => m.message.startsWith('📣 Relance terminée'));
    expect(reports.map((m) => m.message)).toEqual([expect.stringMatching(/2\/2 envoyé\(s\) · 0 non envoyé/)]);
  });
});
