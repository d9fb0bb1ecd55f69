import { sleep } from '../harness.ts';
import { nowSeconds, type Scenario } from '../scenario.ts';
import { leadBatch, sendPaced } from './leads.ts';
import { foundByBackstop } from './lost-webhook.ts';
import { waitSpent } from './spent-rule.ts';

const LAG_MS = 5000;

/**
 * Row 11: Green-API's journals lag by a few seconds. Sends whose answer is lost are looked up in a
 * journal that does not list them yet for a while (the agent waits SENT_JOURNAL_LAG_MS before it
 * looks): none is sent twice. A lost webhook is not in lastIncomingMessages when the cron first
 * fires; the next firing finds it.
 */
export const journalLag: Scenario = {
  n: 11,
  name: 'Green-API journals lag 5 s (lost send answers, lost webhooks)',
  async run(h) {
    h.green.setJournalLag(LAG_MS);
    const count = 5;
    const probes = await leadBatch(h, 11, count + 2, count + 2);
    const sent = probes.slice(0, count);
    const lost = probes.slice(count);
    const lookupsBefore = h.green.requests().filter((r) => r.method === 'lastOutgoingMessages').length;
    h.green.faults.add({ id: 'chaos-11', mode: 'lose_answer', pathRegex: '/sendMessage/', count });
    h.say(
      `journals lag ${LAG_MS / 1000} s; the next ${count} sendMessage answers are lost; 2 webhooks never come`,
    );
    await sendPaced(h, sent, 2000);
    for (const p of lost) {
      p.timestamp = nowSeconds();
      p.deliveries = 0;
      p.sentAt = Date.now();
      h.received(p);
    }
    await h.fireCron();
    const hidden = lost.length - (await foundByBackstop(h.admin, lost));
    h.say(`cron fired at once: ${hidden} lost webhook(s) not yet in the journal; firing again after the lag`);
    await sleep(LAG_MS + 1000);
    await h.fireCron();
    const spent = await waitSpent(h.green.faults, 'chaos-11', count, 60_000);
    h.green.faults.remove('chaos-11');
    // Each send whose answer was lost is looked up once it is SENT_JOURNAL_LAG_MS old (15 s), when
    // the queue brings its message back: wait for those lookups, the journal still lagging.
    const lookups = () =>
      h.green.requests().filter((r) => r.method === 'lastOutgoingMessages').length - lookupsBefore;
    const deadline = Date.now() + 90_000;
    while (lookups() < spent.applied && Date.now() < deadline) await sleep(500);
    const looked = lookups();
    h.green.setJournalLag(0);
    h.say(`${looked} journal lookup(s) made while it lagged`);
    return {
      probes,
      faultClearedAt: spent.at,
      fault: {
        journalLagMs: LAG_MS,
        answersLost: spent.applied,
        journalLookups: looked,
        hiddenFromCron: hidden,
      },
      proofs: [
        { fault: 'send answer lost', applied: spent.applied, detail: 'sent, answer reset' },
        { fault: 'journal looked up while lagging', applied: looked, detail: 'lastOutgoingMessages calls' },
        {
          fault: 'journal hid a lost webhook',
          applied: hidden,
          detail: 'not listed when the cron first fired',
        },
      ],
    };
  },
};
