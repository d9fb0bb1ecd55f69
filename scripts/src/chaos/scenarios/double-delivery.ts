import { chatOf, leadProbe } from '../probes.ts';
import { nowSeconds, paced, type Scenario, SETTLE_MARGIN_MS } from '../scenario.ts';
import { chatRateClearedAt, RATE_NOTICE } from './chat-rate.ts';

const PER_MINUTE = 5;
const TENANT = 'chaos-rate';
const INSTANCE = '1101000099';

/**
 * Row 9: messages at (and over) the chat's limit, each delivered twice at once: a throttled copy
 * must never cost the accepted one. Its own tenant (5 messages a minute per chat).
 */
export const doubleDelivery: Scenario = {
  n: 9,
  name: 'messages at the chat limit delivered twice at once',
  parallel: true,
  async run(h) {
    const count = 8;
    await h.addTenant(TENANT, INSTANCE, PER_MINUTE);
    const chatId = chatOf(9, 0);
    await h.addSenders(TENANT, [chatId]);
    const probes = Array.from({ length: count }, (_, i) =>
      leadProbe({ scenario: 9, i, run: h.run, idInstance: INSTANCE, chatId, timestamp: 0 }),
    );
    await paced(count, 7000, (i) => {
      probes[i]!.timestamp = nowSeconds();
      return h.deliver(probes[i]!, 2);
    });
    h.say(`${count} messages sent twice at once to a chat limited to ${PER_MINUTE}/min`);
    return {
      probes,
      faultClearedAt: () => chatRateClearedAt(h, probes, PER_MINUTE),
      // The rate's own minute, then the usual margin.
      settleBy: Date.now() + 60_000 + SETTLE_MARGIN_MS,
      notices: [RATE_NOTICE],
      fault: { perMinute: PER_MINUTE, copies: 2 },
      proofs: [
        {
          fault: 'delivered twice',
          applied: probes.filter((p) => (p.acceptedCopies ?? 0) >= 2).length,
          detail: 'messages whose two copies the Worker queued',
        },
      ],
    };
  },
};
