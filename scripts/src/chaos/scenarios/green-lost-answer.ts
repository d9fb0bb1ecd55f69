import type { Scenario } from '../scenario.ts';
import { leadBatch, sendPaced } from './leads.ts';
import { waitSpent } from './spent-rule.ts';

/** Row 4: Green-API sends the message but the answer is lost (the connection resets after it). */
export const greenLostAnswer: Scenario = {
  n: 4,
  name: 'Green-API sends, answer lost',
  async run(h) {
    const count = 5;
    const probes = await leadBatch(h, 4, count, count);
    h.green.faults.add({ id: 'chaos-4', mode: 'lose_answer', pathRegex: '/sendMessage/', count });
    h.say(`Green-API loses the answer of the next ${count} sendMessage calls`);
    await sendPaced(h, probes, 2000);
    const spent = await waitSpent(h.green.faults, 'chaos-4', count, 60_000);
    h.green.faults.remove('chaos-4');
    h.say(`${spent.applied} send answer(s) lost`);
    return {
      probes,
      faultClearedAt: spent.at,
      fault: { answersLost: spent.applied },
      proofs: [{ fault: 'send answer lost', applied: spent.applied, detail: 'sent, answer reset' }],
    };
  },
};
