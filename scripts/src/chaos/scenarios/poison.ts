import { replayMessage } from '../../stack/replay.ts';
import { sleep } from '../harness.ts';
import { chatOf, leadProbe, type Probe } from '../probes.ts';
import { nowSeconds, type Scenario } from '../scenario.ts';
import { CRM_WRITE_MS, leadBatch, sendPaced } from './leads.ts';

/** Dead (when it was) and after how many attempts, or null while it is not. */
async function deadAt(h: Parameters<Scenario['run']>[0], p: Probe, deadline: number) {
  for (;;) {
    const [r] = await h.admin<{ status: string; attempts: number }[]>`
      select status, attempts from inbound_messages where id_message = ${p.idMessage}`;
    if (r?.status === 'dead') return { at: Date.now(), attempts: r.attempts };
    if (Date.now() >= deadline) return null;
    await sleep(250);
  }
}

/** When the first reply of the chat naming this message's marker came (ms), or null. */
const answeredAt = (h: Parameters<Scenario['run']>[0], p: Probe) =>
  h.green
    .sent()
    .filter((m) => m.chatId === p.chatId && m.message.toLowerCase().includes(p.replyMarker))
    .map((m) => Date.parse(m.at))[0] ?? null;

/**
 * Row 12 (issue 19 row 1): one message always fails — the CRM answers 200 with a proxy's HTML page
 * for it. It must be dead within 3 attempts and 2 minutes, its sender told once; the sender's next
 * message answered within 60 s. Once the CRM is fixed, an operator's replay, under load, runs it
 * once and says what it did.
 */
export const poisonMessage: Scenario = {
  n: 12,
  name: 'a poison message (CRM answers 200 + HTML for it), then replayed',
  async run(h) {
    const chatId = chatOf(12, 0);
    await h.addSenders(h.stack.demo.tenantId, [chatId]);
    const base = { scenario: 12, run: h.run, idInstance: h.stack.demo.idInstance, chatId };
    const poison = leadProbe({ ...base, i: 0, timestamp: nowSeconds() });
    const next = leadProbe({ ...base, i: 1, timestamp: nowSeconds() + 1 });
    const escaped = poison.marker.replace(/[.@]/g, (c) => `\\${c}`);
    h.espo.faults.add({ id: 'chaos-12', mode: 'bad_answer', queryRegex: escaped });
    const sentAt = Date.now();
    await h.deliver(poison);
    await sleep(1000);
    next.timestamp = nowSeconds();
    await h.deliver(next);
    h.say('a poison message and, 1 s later, the sender’s next one');
    const dead = await deadAt(h, poison, sentAt + 150_000);
    const nextDeadline = (next.sentAt ?? 0) + 90_000;
    while (answeredAt(h, next) === null && Date.now() < nextDeadline) await sleep(250);
    const nextAnsweredAt = answeredAt(h, next);
    const badAnswers = h.espo.faults.applied('chaos-12');
    h.espo.faults.remove('chaos-12');
    h.say(
      dead
        ? `dead after ${dead.attempts} attempt(s), ${((dead.at - sentAt) / 1000).toFixed(1)} s; next message answered ${nextAnsweredAt ? `${((nextAnsweredAt - (next.sentAt ?? 0)) / 1000).toFixed(1)} s after it was sent` : 'never'}`
        : 'the poison message was not dead within 150 s',
    );
    // The replay, while other chats are busy: 20 commands over 10 chats, their CRM writes slow.
    const load = await leadBatch(h, 12, 20, 10, 100);
    h.espo.faults.add({ id: 'chaos-12-slow', mode: 'latency', method: 'POST', delayMs: CRM_WRITE_MS });
    const loadStart = Date.now();
    const loading = sendPaced(h, load, 4000);
    const busy = await h.whenInFlight('turn', loadStart, 500, 6000);
    const replay = dead
      ? await replayMessage(h.admin, h.stack.demo.tenantId, poison.idMessage, {
          agentUrl: h.stack.urls.agent,
          agentSecret: h.stack.agentSecret,
        })
      : null;
    await loading;
    h.espo.faults.remove('chaos-12-slow');
    h.say(
      replay
        ? `replayed under load (${busy} turn(s) running): ${replay.messageStatus} after ${replay.tries} hand-over(s); ${replay.replies.length} reply(ies)`
        : 'not replayed',
    );
    return {
      probes: [poison, next, ...load],
      faultClearedAt: Date.now(),
      fault: {
        attemptsBeforeDead: dead?.attempts ?? null,
        deadAfterS: dead ? Math.round((dead.at - sentAt) / 100) / 10 : null,
        nextAnsweredAfterS: nextAnsweredAt
          ? Math.round((nextAnsweredAt - (next.sentAt ?? 0)) / 100) / 10
          : null,
        turnsRunningAtReplay: busy,
        replay: replay
          ? { status: replay.messageStatus, tries: replay.tries, replies: replay.replies.length }
          : null,
      },
      proofs: [
        {
          fault: 'bad answer',
          applied: badAnswers,
          detail: 'CRM requests answered 200 + HTML',
        },
        {
          fault: 'replay under load',
          applied: replay && busy > 0 ? 1 : 0,
          detail: 'replayed while turns ran',
        },
      ],
      check: () => {
        const reasons: string[] = [];
        if (!dead) reasons.push('the poison message never went dead');
        else {
          if (dead.attempts > 3) reasons.push(`dead after ${dead.attempts} attempts (> 3)`);
          if (dead.at - sentAt > 120_000)
            reasons.push(`dead after ${Math.round((dead.at - sentAt) / 1000)} s (> 120)`);
        }
        if (!nextAnsweredAt || nextAnsweredAt - (next.sentAt ?? 0) > 60_000)
          reasons.push('the sender’s next message was not answered within 60 s');
        if (
          replay &&
          (replay.messageStatus !== 'done' || !replay.replies.some((r) => /Lead créé/.test(r.body)))
        )
          reasons.push(`the replay did not run it (${replay.messageStatus})`);
        return reasons;
      },
    };
  },
};
