import { sleep } from '../harness.ts';
import type { Scenario } from '../scenario.ts';
import { leadBatch, sendPaced } from './leads.ts';

/**
 * Row 6: the CRM down (half its requests reset, half answered 503) with a first wave sent during
 * the outage; a second wave in the same chats once it is back. Nothing may be dead-lettered, and
 * the first wave must not hold up the second.
 */
export const crmDown: Scenario = {
  n: 6,
  name: 'CRM down, then a second wave after it is back',
  async run(h) {
    const downMs = h.quick ? 40_000 : 150_000;
    const wave = 20;
    const wave1 = await leadBatch(h, 6, wave, 10);
    const wave2 = await leadBatch(h, 6, wave, 10, wave);
    h.espo.faults.add({ id: 'chaos-6-503', mode: 'error', status: 503, rate: 0.5 });
    h.espo.faults.add({ id: 'chaos-6-reset', mode: 'down' });
    const downAt = Date.now();
    h.say(`CRM down for ${downMs / 1000} s (requests reset or 503); first wave of ${wave}`);
    await sendPaced(h, wave1, 4000);
    await sleep(downAt + downMs - Date.now());
    const refused = h.espo.faults.applied('chaos-6-503') + h.espo.faults.applied('chaos-6-reset');
    h.espo.faults.remove('chaos-6-503');
    h.espo.faults.remove('chaos-6-reset');
    const faultClearedAt = Date.now();
    h.say(`CRM back (${refused} request(s) refused meanwhile); second wave of ${wave}`);
    await sendPaced(h, wave2, 4000);
    return {
      probes: [...wave1, ...wave2],
      faultClearedAt,
      fault: { crmRequestsRefused: refused, downMs },
      proofs: [{ fault: 'CRM down', applied: refused, detail: 'CRM requests reset or answered 503' }],
    };
  },
};
