import type { Sql } from 'postgres';
import { sleep } from '../harness.ts';
import type { Probe } from '../probes.ts';
import { nowSeconds, type Scenario } from '../scenario.ts';
import { leadBatch } from './leads.ts';

/** How many of these messages were run by the cron backstop (its request ids start with backstop-). */
export async function foundByBackstop(admin: Sql, probes: Probe[]): Promise<number> {
  const [r] = await admin<{ n: number }[]>`
    select count(*)::int as n from inbound_messages
     where id_message in ${admin(probes.map((p) => p.idMessage))} and request_id like 'backstop-%'`;
  return r?.n ?? 0;
}

/**
 * Row 10: Green-API never delivers these webhooks (WhatsApp has the messages: they are in its
 * journal). The Worker's cron really fires (wrangler dev's scheduled trigger, GET /cdn-cgi/handler/scheduled) and
 * its backstop finds them through lastIncomingMessages, runs and answers each once.
 */
export const lostWebhook: Scenario = {
  n: 10,
  name: 'webhooks never delivered: the cron backstop finds them',
  async run(h) {
    const count = 5;
    const probes = await leadBatch(h, 10, count, count);
    for (const p of probes) {
      p.timestamp = nowSeconds();
      p.deliveries = 0;
      p.sentAt = Date.now();
      h.received(p);
    }
    h.say(`${count} messages received by WhatsApp, their webhooks never delivered; firing the cron`);
    await sleep(1000);
    const fired = await h.fireCron();
    const faultClearedAt = Date.now();
    h.say(
      `cron fired (${fired ? 'the Worker ran its scheduled handler' : 'FAILED: the scheduled trigger did not answer 200'})`,
    );
    return {
      probes,
      faultClearedAt,
      fault: { webhooksLost: count, cronFired: fired },
      proofs: async () => [
        {
          fault: 'webhook never delivered',
          applied: await foundByBackstop(h.admin, probes),
          detail: 'messages run by the backstop the cron fired',
        },
      ],
    };
  },
};
