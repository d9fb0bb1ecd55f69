import { answerTimes, attribute, outOfOrder } from './attribution.ts';
import type { Probe } from './probes.ts';

export { attribute };

/** What the run can see once a scenario is over: the CRM, WhatsApp, and the database. */
export interface Observations {
  /** Records of the CRM, lower-cased: lead e-mails, note texts, task names. */
  crm: { leads: string[]; notes: string[]; tasks: string[] };
  /** Tenant memory values of the scenario's tenants (memory probes), as stored. */
  memory?: string[];
  /**
   * Every message the Green-API stand-in sent (its own record), `at` in ms; `quotedMessageId`
   * when it quotes a message (the notices: it waits, it is dead).
   */
  replies: Array<{ chatId: string; message: string; at: number; quotedMessageId?: string | null }>;
  /** inbound_messages rows of the scenario's messages (processedAt: when its turn committed, ms). */
  rows: Array<{ idMessage: string; status: string; processedAt?: number | null }>;
  /**
   * outbox rows in the scenario's chats: a reply is the answer of the message its text names (a
   * message merged into another's turn has its reply among that turn's rows).
   */
  outbox: Array<{ chatId: string; body: string; status: string }>;
}

export interface TallyOptions {
  /** When the fault cleared (ms); recovery is measured from it. */
  faultClearedAt: number;
  /** Replies in the scenario's chats that are not any message's answer but are expected (a rate notice). */
  notices?: RegExp[];
  /**
   * Check WhatsApp order per chat: 'processed' — the turns committed in order (what each message
   * did to the CRM); 'answered' — that, and the first replies came in order too.
   */
  order?: 'processed' | 'answered';
}

export type Problem =
  | 'lost'
  | 'stuck'
  | 'duplicated'
  | 'wrong_reply'
  | 'not_accepted'
  | 'told_twice'
  | 'out_of_order'
  | 'answered_out_of_order';

export interface Tally {
  messages: number;
  /** Messages the Worker's webhook accepted (200), or that were never meant to be delivered. */
  accepted: number;
  /** CRM records (or memory entries) carrying one of the messages' markers. */
  writes: number;
  /** WhatsApp replies matched to one of the messages. */
  replies: number;
  /** Final (or never seen by the agent) with its CRM write or its reply missing; dead counts here. */
  lost: number;
  /** Two writes or two replies for one message. */
  duplicated: number;
  /** Its inbound row is not final (done/ignored/dead), or one of its replies is still unsent. */
  stuck: number;
  /** Answered, but not with the reply its action calls for (e.g. "already exists" for its own lead). */
  wrongReplies: number;
  /** Replies in the scenario's chats that match no message: expected notices, and the others. */
  notices: number;
  unexpected: number;
  /** Messages handled (committed) out of WhatsApp order within a chat (with `order`). */
  outOfOrder: number;
  /**
   * Messages whose first reply came out of WhatsApp order within a chat (with `order`); a failure
   * only with order 'answered' (a send cut by a crash is delivered once its outcome is known).
   */
  answeredOutOfOrder: number;
  answerOrderChecked: boolean;
  /** From the fault clearing to the last message's first reply (0 when all were answered before). */
  recoveryMs: number | null;
  /** Each message with a problem, for the JSON report and the logs. */
  problems: Array<{ idMessage: string; problem: Problem; detail: string }>;
  unexpectedReplies: string[];
}

const FINAL = new Set(['done', 'ignored', 'dead']);
const OPEN_OUTBOX = new Set(['pending', 'sending', 'unknown']);

function writesOf(p: Probe, obs: Observations): number {
  const m = p.marker.toLowerCase();
  if (p.kind === 'lead') return obs.crm.leads.filter((e) => e === m).length;
  if (p.kind === 'note') return obs.crm.notes.filter((t) => t.includes(m)).length;
  if (p.kind === 'memory') return (obs.memory ?? []).filter((v) => v.toLowerCase() === m).length;
  return obs.crm.tasks.filter((t) => t.includes(m)).length;
}

/**
 * Counts, per message, what reached the CRM and WhatsApp and what the database says about it.
 * Categories of a message's failure are exclusive: stuck first (still open), else lost (missing
 * its write or its reply); duplicated is counted on its own. A reply quoting one of the messages
 * that is not its answer is a notice (it waits, it is dead): expected, but once each.
 */
export function tally(probes: Probe[], obs: Observations, o: TallyOptions): Tally {
  const t: Tally = {
    messages: probes.length,
    accepted: 0,
    writes: 0,
    replies: 0,
    lost: 0,
    duplicated: 0,
    stuck: 0,
    wrongReplies: 0,
    notices: 0,
    unexpected: 0,
    outOfOrder: 0,
    answeredOutOfOrder: 0,
    answerOrderChecked: o.order === 'answered',
    recoveryMs: null,
    problems: [],
    unexpectedReplies: [],
  };
  const chats = new Set(probes.map((p) => p.chatId));
  const byId = new Map(probes.map((p) => [p.idMessage, p]));
  const owners = attribute(probes, obs.replies);
  const openOwners = attribute(
    probes,
    obs.outbox.filter((x) => OPEN_OUTBOX.has(x.status)).map((x) => ({ chatId: x.chatId, message: x.body })),
  );
  let lastAnswer = Number.NEGATIVE_INFINITY;
  let allAnswered = true;
  for (const p of probes) {
    // A message Green-API never delivered (its webhook was lost) has nothing for the Worker to accept.
    if (p.accepted || p.deliveries === 0) t.accepted++;
    else
      t.problems.push({ idMessage: p.idMessage, problem: 'not_accepted', detail: 'the webhook was refused' });
    const writes = writesOf(p, obs);
    const replies = obs.replies.filter((_, i) => owners.get(i) === p);
    t.writes += writes;
    t.replies += replies.length;
    const row = obs.rows.find((r) => r.idMessage === p.idMessage);
    const openReplies = [...openOwners.values()].filter((owner) => owner === p).length;
    if (row && (!FINAL.has(row.status) || openReplies > 0)) {
      t.stuck++;
      t.problems.push({
        idMessage: p.idMessage,
        problem: 'stuck',
        detail: `status ${row.status}, ${openReplies} reply(ies) unsent, ${writes} write(s), ${replies.length} reply(ies)`,
      });
    } else if (!row || row.status === 'dead' || writes === 0 || replies.length === 0) {
      t.lost++;
      t.problems.push({
        idMessage: p.idMessage,
        problem: 'lost',
        detail: `${row ? `status ${row.status}` : 'never reached the database'}, ${writes} write(s), ${replies.length} reply(ies)`,
      });
    }
    if (writes > 1 || replies.length > 1) {
      t.duplicated++;
      t.problems.push({
        idMessage: p.idMessage,
        problem: 'duplicated',
        detail: `${writes} write(s), ${replies.length} reply(ies)${replies.map((r) => ` | ${r.message.slice(0, 100)}`).join('')}`,
      });
    }
    if (replies.length > 0 && !replies.some((r) => p.replyPattern.test(r.message))) {
      t.wrongReplies++;
      t.problems.push({
        idMessage: p.idMessage,
        problem: 'wrong_reply',
        detail: replies[0]!.message.slice(0, 120),
      });
    }
    if (replies.length === 0) allAnswered = false;
    else lastAnswer = Math.max(lastAnswer, Math.min(...replies.map((r) => r.at)));
  }
  const told = new Map<string, number>();
  obs.replies.forEach((r, i) => {
    if (!chats.has(r.chatId) || owners.has(i)) return;
    const quoted = r.quotedMessageId ? byId.get(r.quotedMessageId) : undefined;
    if (quoted || o.notices?.some((n) => n.test(r.message))) {
      t.notices++;
      if (!quoted) return;
      const key = `${quoted.idMessage}\u0000${r.message}`;
      told.set(key, (told.get(key) ?? 0) + 1);
      if (told.get(key) === 2)
        t.problems.push({
          idMessage: quoted.idMessage,
          problem: 'told_twice',
          detail: r.message.slice(0, 120),
        });
    } else {
      t.unexpected++;
      t.unexpectedReplies.push(r.message.slice(0, 160));
    }
  });
  if (o.order) {
    const processed = new Map<Probe, number>();
    for (const p of probes) {
      const at = obs.rows.find((r) => r.idMessage === p.idMessage)?.processedAt;
      if (typeof at === 'number') processed.set(p, at);
    }
    for (const [earlier, later] of outOfOrder(probes, processed)) {
      t.outOfOrder++;
      t.problems.push({
        idMessage: later.idMessage,
        problem: 'out_of_order',
        detail: `handled before ${earlier.idMessage}, which WhatsApp has first`,
      });
    }
    for (const [earlier, later] of outOfOrder(probes, answerTimes(obs.replies, owners))) {
      t.answeredOutOfOrder++;
      t.problems.push({
        idMessage: later.idMessage,
        problem: 'answered_out_of_order',
        detail: `first reply before ${earlier.idMessage}'s, which WhatsApp has first`,
      });
    }
  }
  if (allAnswered && probes.length > 0) t.recoveryMs = Math.max(0, lastAnswer - o.faultClearedAt);
  return t;
}

/**
 * A scenario passes when every message was accepted, written and answered once, and in time, and
 * no reply went to its chats that answers none of them (notices quoting a message are expected,
 * once each). A reply of the wrong kind (say "already exists" for the lead the message itself
 * created) is reported, not failed: the write and the reply each happened once.
 */
export function verdict(t: Tally, limitMs: number): { ok: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (t.accepted < t.messages) reasons.push(`${t.messages - t.accepted} not accepted by the webhook`);
  if (t.lost) reasons.push(`${t.lost} lost`);
  if (t.stuck) reasons.push(`${t.stuck} stuck`);
  if (t.duplicated) reasons.push(`${t.duplicated} duplicated`);
  if (t.outOfOrder) reasons.push(`${t.outOfOrder} handled out of order`);
  if (t.answeredOutOfOrder && t.answerOrderChecked)
    reasons.push(`${t.answeredOutOfOrder} answered out of order`);
  const twice = t.problems.filter((p) => p.problem === 'told_twice').length;
  if (twice) reasons.push(`${twice} notice(s) sent twice`);
  if (t.unexpected) reasons.push(`${t.unexpected} unexpected replies`);
  if (t.recoveryMs === null) reasons.push('not every message was answered');
  else if (t.recoveryMs > limitMs)
    reasons.push(`recovered in ${(t.recoveryMs / 1000).toFixed(1)} s > ${limitMs / 1000} s`);
  return { ok: reasons.length === 0, reasons };
}
