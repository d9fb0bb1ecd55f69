import { chatOf, leadProbe } from '../probes.ts';
import { nowSeconds, paced, type Scenario, SETTLE_MARGIN_MS } from '../scenario.ts';
import { chatRateClearedAt, RATE_NOTICE } from './chat-rate.ts';

const PER_MINUTE = 20;

/** Row 8: 30 commands in 46 s in one chat: over 20 a minute they wait, all run, and the notice says so. */
export const rateLimitedChat: Scenario = {
  n: 8,
  name: '30 commands in 46 s in one chat (20/min)',
  parallel: true,
  async run(h) {
    // The same in both modes: the rate's minute sets its length anyway.
    const count = 30;
    const spanMs = 46_000;
    await h.setChatRate(h.stack.demo.tenantId, PER_MINUTE);
    const chatId = chatOf(8, 0);
    await h.addSenders(h.stack.demo.tenantId, [chatId]);
    const probes = Array.from({ length: count }, (_, i) =>
      leadProbe({ scenario: 8, i, run: h.run, idInstance: h.stack.demo.idInstance, chatId, timestamp: 0 }),
    );
    await paced(count, spanMs, (i) => {
      probes[i]!.timestamp = nowSeconds();
      return h.deliver(probes[i]!);
    });
    h.say(`${count} commands sent in ${spanMs / 1000} s to one chat (rate ${PER_MINUTE}/min)`);
    return {
      probes,
      faultClearedAt: () => chatRateClearedAt(h, probes, PER_MINUTE),
      // The rate's own minute, then the usual margin.
      settleBy: Date.now() + 60_000 + SETTLE_MARGIN_MS,
      notices: [RATE_NOTICE],
      // Over the rate, the chat is told once (a minute) that everything will be handled: and it all was.
      check: (t) =>
        count > PER_MINUTE && t.notices === 0 ? ['no rate notice although messages had to wait'] : [],
      fault: { perMinute: PER_MINUTE, spanMs },
      proofs: async () => [
        {
          fault: 'over the chat rate',
          applied: (await h.starts(probes)).filter((s) => !s.merged && s.startedAt - s.receivedAt > 5000)
            .length,
          detail: 'messages that waited for the rate',
        },
      ],
    };
  },
};
