import { describe, expect, it } from 'vitest';
import { parseChaosArgs } from '../src/chaos/options.ts';
import { chatOf, leadProbe, markerOf, noteProbe, type Probe, taskProbe } from '../src/chaos/probes.ts';
import { proofReasons } from '../src/chaos/scenario.ts';
import { RATE_NOTICE, rateClearedAt } from '../src/chaos/scenarios/chat-rate.ts';
import { type Observations, tally, verdict } from '../src/chaos/tally.ts';

/**
 * Issue 12's fault suite counts per message what reached the CRM and WhatsApp. These are the
 * counting rules, on observations built by hand: a miscount here would pass a broken run.
 */
const T0 = 1_000_000;
const chat = chatOf(1, 0);
const lead = (i: number, c = chat): Probe => ({
  ...leadProbe({ scenario: 1, i, run: 'abcd', idInstance: '1101000001', chatId: c, timestamp: 0 }),
  accepted: true,
  sentAt: T0,
});
const created = (p: Probe) => `✅ Lead créé : Chaos X (${p.marker}) [1a2b3c]`;
const empty = (): Observations => ({
  crm: { leads: [], notes: [], tasks: [] },
  replies: [],
  rows: [],
  outbox: [],
});

/** One message that went right: its lead, its reply at `at`, its row done, its reply sent. */
function handled(o: Observations, p: Probe, at: number): void {
  o.crm.leads.push(p.marker);
  o.replies.push({ chatId: p.chatId, message: created(p), at });
  o.rows.push({ idMessage: p.idMessage, status: 'done' });
  o.outbox.push({ chatId: p.chatId, body: created(p), status: 'sent' });
}

describe('fault suite: counting per message', () => {
  it('messages written and answered once pass; recovery runs from the fault clearing to the last first reply', () => {
    const [a, b] = [lead(0), lead(1)];
    const o = empty();
    handled(o, a!, T0 + 2_000);
    handled(o, b!, T0 + 15_000);
    const t = tally([a!, b!], o, { faultClearedAt: T0 + 5_000 });
    expect(t).toMatchObject({
      messages: 2,
      accepted: 2,
      writes: 2,
      replies: 2,
      lost: 0,
      duplicated: 0,
      stuck: 0,
    });
    expect(t.recoveryMs).toBe(10_000);
    expect(verdict(t, 60_000)).toEqual({ ok: true, reasons: [] });
    expect(verdict(t, 9_000).reasons).toEqual(['recovered in 10.0 s > 9 s']);
  });

  it('a message still processing, or done with its reply unsent (also in the turn it was merged into), is stuck, not lost', () => {
    const [a, b] = [lead(0), lead(1)];
    const o = empty();
    o.crm.leads.push(a!.marker);
    o.rows.push({ idMessage: a!.idMessage, status: 'processing' });
    handled(o, b!, T0);
    o.outbox[0]!.status = 'sending'; // b's reply: committed, its send died with the process
    const t = tally([a!, b!], o, { faultClearedAt: T0 });
    expect(t).toMatchObject({ stuck: 2, lost: 0 });
    expect(t.problems.map((p) => [p.idMessage, p.problem])).toEqual([
      [a!.idMessage, 'stuck'],
      [b!.idMessage, 'stuck'],
    ]);
    expect(t.recoveryMs).toBeNull(); // a has no reply: never answered
    expect(verdict(t, 60_000).ok).toBe(false);
  });

  it('a final message without its write or its reply is lost; a dead one is lost; one never seen is lost', () => {
    const [noWrite, noReply, dead, unseen] = [lead(0), lead(1), lead(2), lead(3)];
    const o = empty();
    o.replies.push({ chatId: chat, message: created(noWrite!), at: T0 });
    o.rows.push({ idMessage: noWrite!.idMessage, status: 'done' });
    o.crm.leads.push(noReply!.marker);
    o.rows.push({ idMessage: noReply!.idMessage, status: 'done' });
    o.rows.push({ idMessage: dead!.idMessage, status: 'dead' });
    const t = tally([noWrite!, noReply!, dead!, unseen!], o, { faultClearedAt: T0 });
    expect(t).toMatchObject({ lost: 4, stuck: 0, duplicated: 0 });
  });

  it('two writes or two replies for one message are one duplicated message each', () => {
    const [a, b] = [lead(0), lead(1)];
    const o = empty();
    handled(o, a!, T0);
    o.crm.leads.push(a!.marker); // the CRM got it twice
    handled(o, b!, T0);
    o.replies.push({ chatId: chat, message: created(b!), at: T0 + 1 }); // WhatsApp got it twice
    const t = tally([a!, b!], o, { faultClearedAt: T0 });
    expect(t).toMatchObject({ writes: 3, replies: 3, duplicated: 2, lost: 0 });
    expect(verdict(t, 60_000).reasons).toEqual(['2 duplicated']);
  });

  it('a reply that names two messages (a task "for" the lead just created) counts for the one whose kind of reply it is', () => {
    const base = { scenario: 7, run: 'abcd', idInstance: '1101000001', chatId: chat, timestamp: 0 };
    const l = { ...leadProbe({ ...base, i: 0 }), accepted: true };
    const k = { ...taskProbe({ ...base, i: 1 }), accepted: true };
    const o = empty();
    handled(o, l, T0);
    o.crm.tasks.push(`rappeler ${k.marker}`);
    o.replies.push({
      chatId: chat,
      message: `📌 Tâche créée : « Rappeler ${k.marker} » pour Chaos X (${l.marker}) [9]`,
      at: T0,
    });
    o.rows.push({ idMessage: k.idMessage, status: 'done' });
    const t = tally([l, k], o, { faultClearedAt: T0 });
    expect(t).toMatchObject({ replies: 2, duplicated: 0, lost: 0, unexpected: 0 });
  });

  it('notes are found by their text, and their reply by the lead it names', () => {
    const n = {
      ...noteProbe({
        scenario: 5,
        i: 0,
        run: 'abcd',
        idInstance: '1',
        chatId: chat,
        timestamp: 0,
        leadEmail: 'cible@chaos.test',
      }),
      accepted: true,
    };
    const o = empty();
    o.crm.notes.push(`rappeler jeudi ${n.marker}`, 'another note');
    o.replies.push({ chatId: chat, message: '📝 Note ajoutée à Cible (cible@chaos.test) [1]', at: T0 });
    o.rows.push({ idMessage: n.idMessage, status: 'done' });
    expect(tally([n], o, { faultClearedAt: T0 })).toMatchObject({
      writes: 1,
      replies: 1,
      lost: 0,
      duplicated: 0,
    });
  });

  it('a reply in the scenario’s chats that answers none of its messages fails the run, unless it is an expected notice', () => {
    const a = lead(0);
    const o = empty();
    handled(o, a, T0);
    o.replies.push({
      chatId: chat,
      message: '⏳ Vous envoyez beaucoup de messages : je les traite tous, dans l’ordre',
      at: T0,
    });
    o.replies.push({ chatId: chat, message: "❌ Je n'ai pas pu traiter ce message", at: T0 });
    o.replies.push({ chatId: chatOf(2, 0), message: 'another scenario’s chat', at: T0 });
    const t = tally([a], o, { faultClearedAt: T0, notices: [RATE_NOTICE] });
    expect(t).toMatchObject({ notices: 1, unexpected: 1 });
    expect(verdict(t, 60_000).reasons).toEqual(['1 unexpected replies']);
  });

  it('a reply of the wrong kind ("already exists" for its own lead) is reported but does not fail the run', () => {
    const a = lead(0);
    const o = empty();
    handled(o, a, T0);
    o.replies[0]!.message = `ℹ️ Ce lead existe déjà : Chaos X (${a.marker}) [1]`;
    const t = tally([a], o, { faultClearedAt: T0 });
    expect(t.wrongReplies).toBe(1);
    expect(verdict(t, 60_000).ok).toBe(true);
  });

  it('a webhook the Worker never accepted fails the run', () => {
    const a = { ...lead(0), accepted: false };
    const t = tally([a], empty(), { faultClearedAt: T0 });
    expect(verdict(t, 60_000).reasons).toContain('1 not accepted by the webhook');
  });

  it('the chat rate "clears" a minute after the start that lets the last turn in, merged messages counted as the rate counts them', () => {
    // Scenario 9 as it ran: 5 a minute; 0002, 0004, 0006, 0007 ran inside the turn before them.
    const s = (startedAt: number, receivedAt: number, merged = false) => ({ startedAt, receivedAt, merged });
    const starts = [
      s(1_197, 0),
      s(2_745, 1_000),
      s(2_851, 2_000, true),
      s(4_336, 3_000),
      s(4_450, 4_000, true),
      s(62_022, 5_000),
      s(62_134, 6_000, true),
      s(62_134, 7_000, true),
    ];
    expect(rateClearedAt(starts, 5, 7_000)).toBe(61_197);
    // Under the rate nothing waits: from the last send.
    expect(rateClearedAt(starts.slice(0, 4), 5, 3_500)).toBe(3_500);
  });

  it('markers hold no digits (a run of digits reads as a phone number to the rules engine)', () => {
    expect(markerOf(9, 123, 'qwer')).toMatch(/^[a-z]+$/);
    expect(markerOf(1, 0, 'abcd')).not.toBe(markerOf(1, 1, 'abcd'));
  });

  it('npm run chaos arguments: --quick, --only with scenario numbers, anything else is one clear line', () => {
    expect(parseChaosArgs([])).toEqual({ quick: false, only: null, keepDb: false });
    expect(parseChaosArgs(['--quick', '--only', '7,1,7'])).toEqual({
      quick: true,
      only: [1, 7],
      keepDb: false,
    });
    expect(parseChaosArgs(['--only=9', '--keep-db'])).toMatchObject({ only: [9], keepDb: true });
    expect(() => parseChaosArgs(['--only', '16'])).toThrow('--only takes scenario numbers 1–15');
    expect(parseChaosArgs(['--only', '12,15'])).toMatchObject({ only: [12, 15] });
    expect(() => parseChaosArgs(['--fast'])).toThrow('unknown argument "--fast"');
  });
});

describe('fault suite: notices, order, memory, lost webhooks and proofs', () => {
  it('a reply quoting one of the messages is a notice (it waits, it is dead): expected once, failed when repeated', () => {
    const a = lead(0);
    const o = empty();
    handled(o, a, T0);
    const notice = {
      chatId: chat,
      message: '⏳ Le CRM ne répond pas pour le moment',
      at: T0,
      quotedMessageId: a.idMessage,
    };
    o.replies.push(notice);
    expect(tally([a], o, { faultClearedAt: T0 })).toMatchObject({ notices: 1, unexpected: 0 });
    o.replies.push({ ...notice, at: T0 + 1 });
    const t = tally([a], o, { faultClearedAt: T0 });
    expect(verdict(t, 60_000).reasons).toEqual(['1 notice(s) sent twice']);
  });

  it('answers out of WhatsApp order in a chat are counted when asked; a message whose webhook never came is left out', () => {
    const [a, b, c] = [lead(0), lead(1), lead(2)];
    a.timestamp = 10;
    b.timestamp = 14;
    c.timestamp = 18;
    const o = empty();
    handled(o, b, T0 + 1_000);
    handled(o, a, T0 + 2_000); // a is earlier in WhatsApp, answered after b
    handled(o, c, T0 + 3_000);
    // a was handled (committed) first, its reply only came later (its send was cut).
    o.rows.find((r) => r.idMessage === a.idMessage)!.processedAt = T0;
    o.rows.find((r) => r.idMessage === b.idMessage)!.processedAt = T0 + 900;
    o.rows.find((r) => r.idMessage === c.idMessage)!.processedAt = T0 + 2_900;
    const answered = tally([a, b, c], o, { faultClearedAt: T0, order: 'answered' });
    expect(answered).toMatchObject({ outOfOrder: 0, answeredOutOfOrder: 1 });
    expect(answered.problems.find((p) => p.problem === 'answered_out_of_order')).toMatchObject({
      idMessage: b.idMessage,
    });
    expect(verdict(answered, 60_000).reasons).toEqual(['1 answered out of order']);
    // Handled in order: passes when only the turns' order is checked (the late reply is reported).
    const processed = tally([a, b, c], o, { faultClearedAt: T0, order: 'processed' });
    expect(processed).toMatchObject({ outOfOrder: 0, answeredOutOfOrder: 1 });
    expect(verdict(processed, 60_000).ok).toBe(true);
    o.rows.find((r) => r.idMessage === a.idMessage)!.processedAt = T0 + 1_000;
    expect(verdict(tally([a, b, c], o, { faultClearedAt: T0, order: 'processed' }), 60_000).reasons).toEqual([
      '1 handled out of order',
    ]);
    a.deliveries = 0; // found later by the backstop: nothing could have known of it
    expect(tally([a, b, c], o, { faultClearedAt: T0, order: 'answered' })).toMatchObject({
      outOfOrder: 0,
      answeredOutOfOrder: 0,
    });
    expect(tally([a, b, c], o, { faultClearedAt: T0 }).answeredOutOfOrder).toBe(0);
  });

  it('a message Green-API never delivered counts as accepted; memory probes are written when their value is stored', () => {
    const a = { ...lead(0), accepted: undefined, deliveries: 0 };
    const o = empty();
    handled(o, a, T0);
    expect(tally([a], o, { faultClearedAt: T0 }).accepted).toBe(1);
    const goal: Probe = {
      ...lead(1),
      kind: 'memory',
      marker: 'chaosmgoal',
      replyMarker: 'chaosmgoal',
      replyPattern: /Objectif \d+/,
    };
    const m = empty();
    m.memory = ['chaosmgoal', 'something else'];
    m.replies.push({ chatId: chat, message: "🧠 C'est noté — Objectif 2 : chaosmgoal", at: T0 });
    m.rows.push({ idMessage: goal.idMessage, status: 'done' });
    expect(tally([goal], m, { faultClearedAt: T0 })).toMatchObject({ writes: 1, replies: 1, lost: 0 });
  });

  it('a fault never applied to work in flight fails its row', () => {
    expect(
      proofReasons([
        { fault: 'SIGKILL', applied: 0 },
        { fault: 'cut', applied: 2 },
      ]),
    ).toEqual(['fault "SIGKILL" never applied to work in flight']);
    expect(proofReasons([{ fault: 'cut', applied: Number.NaN }])).toHaveLength(1);
    expect(proofReasons([])).toEqual([]);
  });
});
