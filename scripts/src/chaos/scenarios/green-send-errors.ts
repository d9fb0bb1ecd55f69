import { sleep } from '../harness.ts';
import type { Scenario } from '../scenario.ts';
import { leadBatch, sendPaced } from './leads.ts';

/** Row 3: Green-API's sendMessage answers 500 for a while. */
export const greenSendErrors: Scenario = {
  n: 3,
  name: 'Green-API sendMessage 500 for a while',
  async run(h) {
    const forMs = h.quick ? 10_000 : 20_000;
    const probes = await leadBatch(h, 3, h.quick ? 10 : 20, 10);
    const rule = h.green.faults.add({
      id: 'chaos-3',
      mode: 'error',
      status: 500,
      pathRegex: '/sendMessage/',
    });
    const start = Date.now();
    h.say(`Green-API sendMessage answers 500 for ${forMs / 1000} s`);
    await sendPaced(h, probes, 4000);
    await sleep(start + forMs - Date.now());
    const applied = h.green.faults.applied(rule.id);
    h.green.faults.remove(rule.id);
    const faultClearedAt = Date.now();
    h.say(`Green-API sendMessage answers again (${applied} send(s) refused)`);
    return {
      probes,
      faultClearedAt,
      fault: { sendsRefused: applied, forMs },
      proofs: [{ fault: 'sendMessage 500', applied, detail: 'replies refused' }],
    };
  },
};
