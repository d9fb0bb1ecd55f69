import { sleep } from '../harness.ts';
import { chatOf, leadProbe, type Probe } from '../probes.ts';
import { nowSeconds, type Scenario } from '../scenario.ts';

/** How many pairs of these messages reached the agent (first recorded) against WhatsApp order. */
async function arrivedReversed(h: Parameters<Scenario['run']>[0], probes: Probe[]): Promise<number> {
  const rows = await h.admin<{ idMessage: string; claimedAt: Date }[]>`
    select id_message as "idMessage", claimed_at as "claimedAt" from inbound_messages
     where id_message in ${h.admin(probes.map((p) => p.idMessage))}`;
  const at = new Map(rows.map((r) => [r.idMessage, r.claimedAt.getTime()]));
  let n = 0;
  for (const [i, a] of probes.entries())
    for (const b of probes.slice(i + 1)) if ((at.get(b.idMessage) ?? 0) < (at.get(a.idMessage) ?? 0)) n++;
  return n;
}

/**
 * Row 14 (issue 19 row 3): five messages of one chat, 4 s apart in WhatsApp time, that Green-API
 * redelivers after an outage (a backlog: sent 40 to 24 s ago) in reverse order within 80 ms. They
 * are answered in WhatsApp order.
 */
export const reverseArrival: Scenario = {
  n: 14,
  name: 'a backlog of 5 messages delivered in reverse within 80 ms',
  async run(h) {
    const chatId = chatOf(14, 0);
    await h.addSenders(h.stack.demo.tenantId, [chatId]);
    const t0 = nowSeconds() - 40;
    const probes = Array.from({ length: 5 }, (_, i) =>
      leadProbe({
        scenario: 14,
        i,
        run: h.run,
        idInstance: h.stack.demo.idInstance,
        chatId,
        timestamp: t0 + 4 * i,
      }),
    );
    const sends: Promise<void>[] = [];
    for (const p of [...probes].reverse()) {
      sends.push(h.deliver(p));
      await sleep(20);
    }
    await Promise.all(sends);
    h.say('5 messages of a backlog delivered last first, 20 ms apart');
    return {
      probes,
      faultClearedAt: Math.max(...probes.map((p) => p.sentAt ?? 0)),
      fault: { deliveredInReverseWithinMs: 80, whatsappGapS: 4 },
      order: 'answered',
      proofs: async () => [
        {
          fault: 'reverse arrival',
          applied: await arrivedReversed(h, probes),
          detail: 'pairs that reached the agent against WhatsApp order',
        },
      ],
    };
  },
};
