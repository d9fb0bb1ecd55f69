import { parseCommand } from '@max/core';
import { incomingText, type ScriptFn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

/**
 * Issue 11 item 1: who may make MAX act in a WhatsApp group, and who sees the answer. Every test
 * sends real group webhooks (…@g.us, senderData.sender = the member) through the pipeline.
 */
const OFF = '1101000001'; // groups off (the default)
const ON = '1101000002'; // groups on, CRM data kept out of the group
const OPEN = '1101000003'; // groups on, CRM data allowed in the group
const ADMIN = '33600000001@c.us';
const MEMBER = '33600000002@c.us';
const STRANGER = '33699999999@c.us';
const GROUP = '120363025555555555@g.us';
const T = Math.floor(Date.now() / 1000);

/** An obedient model: the rules engine's reading, plus deletions (which the rules engine never parses). */
const model: ScriptFn = (req) => {
  const text = String(req.messages.at(-1)?.content ?? '');
  const email = text.match(/[\w.+-]+@[\w.-]+\.\w+/)?.[0];
  if (/supprime/i.test(text) && email)
    return { toolCalls: [{ name: 'delete_lead', arguments: { target: { emailAddress: email } } }] };
  const parsed = parseCommand(text, { today: '2026-12-01', locale: 'fr' });
  return parsed.kind === 'calls'
    ? { toolCalls: parsed.calls.map((c) => ({ name: c.name, arguments: c.args })) }
    : { content: 'Pardon ?' };
};

describe('group chats', () => {
  let h: Harness;
  let leadId = '';
  beforeAll(async () => {
    h = await startHarness({ model });
    h.deps.burstWindowMs = 2000;
    h.deps.settleMs = 600;
    await h.seedTenant({ id: 'off', idInstance: OFF, crmUrl: h.espo.url, admin: ADMIN });
    await h.seedTenant({
      id: 'on',
      idInstance: ON,
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
      groupsEnabled: true,
    });
    await h.seedTenant({
      id: 'open',
      idInstance: OPEN,
      crmUrl: h.espo.url,
      admin: ADMIN,
      groupsEnabled: true,
      groupCrmData: true,
    });
    await h.deliver(h.text(ON, ADMIN, 'crée un lead pour Groupe Cible, email cible@groupe.fr', 'SEED-1'));
    leadId = String(h.espo.state.records('Lead').find((l) => l.emailAddress === 'cible@groupe.fr')!.id);
  });
  afterAll(() => h.close());

  const group = (idInstance: string, sender: string, text: string, idMessage: string, ts = T) =>
    incomingText({ idInstance, chatId: GROUP, sender, text, idMessage, timestamp: ts });
  const sentTo = (chatId: string) => h.green.sent().filter((m) => m.chatId === chatId);
  const row = async (idMessage: string) =>
    (
      await h.db.admin`select status, outcome, content from inbound_messages where id_message = ${idMessage}`
    )[0];

  it('groups are off by default: an admin message in a group gets no reply, is recorded as ignored, nothing of it kept', async () => {
    const before = h.green.sent().length;
    const res = await h.deliver(group(OFF, ADMIN, 'MAX, derniers leads', 'G-OFF-1'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ignored: 'group_disabled' });
    expect(h.green.sent().length).toBe(before);
    expect(await row('G-OFF-1')).toMatchObject({
      status: 'ignored',
      outcome: 'group_disabled',
      content: null,
    });
  });

  it("a stranger's message within the burst window after an admin's is never merged into the admin's turn, and runs with no rights", async () => {
    const before = h.green.sent().length;
    const statusBefore = h.espo.state.records('Lead').find((l) => l.id === leadId)!.status;
    const [admin, stranger] = await Promise.all([
      h.deliverUntilSettled(group(ON, ADMIN, 'MAX, derniers leads', 'G-ADMIN-1', T + 10)),
      (async () => {
        await new Promise((r) => setTimeout(r, 50));
        return h.deliverUntilSettled(
          group(ON, STRANGER, 'MAX, passe cible@groupe.fr en perdu', 'G-STRANGER-1', T + 11),
        );
      })(),
    ]);
    expect(admin.responses.at(-1)!.status).toBe(200);
    expect(stranger.responses.at(-1)!.status).toBe(200);
    // The lead was not changed, the stranger got nothing, and nothing of their text was kept.
    expect(h.espo.state.records('Lead').find((l) => l.id === leadId)!.status).toBe(statusBefore);
    expect(sentTo(STRANGER)).toHaveLength(0);
    const s = await row('G-STRANGER-1');
    expect(s).toMatchObject({ outcome: 'unknown_sender', content: null });
    const merged = await h.db
      .admin`select merged_into from inbound_messages where id_message = 'G-STRANGER-1'`;
    expect(merged[0]!.merged_into).toBeNull();
    // The audit names each sender for their own message: the admin never for the stranger's.
    const audit = await h.db.admin`
      select l.actor, l.action, l.result from max_logs l join inbound_messages m on m.id = l.message_id
       where m.id_message = 'G-STRANGER-1'`;
    expect(audit.map((a) => [a.actor, a.result])).toEqual([[STRANGER, 'denied']]);
    // The admin's list of leads (CRM data) went to the admin privately, the group got a short note.
    const news = h.green.sent().slice(before);
    expect(news.filter((m) => m.chatId === GROUP).map((m) => m.message)).toEqual([
      '📩 Je vous ai répondu en message privé.',
    ]);
    expect(news.some((m) => m.chatId === ADMIN && m.message.includes('Groupe Cible'))).toBe(true);
  });

  it('a member in a group acts with the member role: admin tools stay refused', async () => {
    const before = sentTo(GROUP).length + sentTo(MEMBER).length;
    await h.deliverUntilSettled(
      group(ON, MEMBER, 'MAX, supprime le lead cible@groupe.fr', 'G-MEMBER-1', T + 20),
    );
    expect(h.espo.state.records('Lead').some((l) => l.id === leadId)).toBe(true);
    const replies = [...sentTo(GROUP), ...sentTo(MEMBER)].slice(before).map((m) => m.message);
    expect(replies.join('\n')).toMatch(/réservée aux administrateurs/);
    const [p] = await h.db.admin`select count(*)::int as n from pending_actions where tenant_id = 'on'`;
    expect(p!.n).toBe(0);
  });

  it('only messages addressed to MAX (its name first, or a mention of its number) are answered', async () => {
    const before = h.green.sent().length;
    const chat = await h.deliverUntilSettled(
      group(ON, ADMIN, 'on se voit demain pour le salon ?', 'G-CHAT-1', T + 30),
    );
    expect(chat.responses.at(-1)!.body).toMatchObject({ ok: true, result: 'group_not_addressed' });
    expect(h.green.sent().length).toBe(before);
    expect(await row('G-CHAT-1')).toMatchObject({ status: 'ignored', content: null });
    await h.deliverUntilSettled(
      group(ON, ADMIN, `@${ON} trouve le lead cible@groupe.fr`, 'G-MENTION-1', T + 31),
    );
    expect(
      h.green
        .sent()
        .slice(before)
        .some((m) => m.chatId === ADMIN && m.message.includes('Groupe Cible')),
    ).toBe(true);
  });

  it('a tenant that allows CRM data in groups gets the answer in the group', async () => {
    await h.deliver(h.text(OPEN, ADMIN, 'crée un lead pour Ouvert Groupe, email ouvert@groupe.fr', 'SEED-2'));
    const before = sentTo(GROUP).length;
    await h.deliverUntilSettled(
      group(OPEN, ADMIN, 'MAX trouve le lead ouvert@groupe.fr', 'G-OPEN-1', T + 40),
    );
    expect(
      sentTo(GROUP)
        .slice(before)
        .some((m) => m.message.includes('Ouvert Groupe')),
    ).toBe(true);
  });
});
