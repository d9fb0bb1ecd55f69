import { attribute } from '../attribution.ts';
import { type ChaosHarness, sleep } from '../harness.ts';
import { chatOf, leadProbe, type Probe } from '../probes.ts';
import { nowSeconds, paced, type Scenario } from '../scenario.ts';
import { foundByBackstop } from './lost-webhook.ts';

/** Share of messages Green-API delivers 0, 1, 2, 3 times (0: the webhook is lost; the backstop finds it). */
const DELIVERIES = [
  [0, 0.05],
  [1, 0.55],
  [2, 0.3],
  [3, 0.1],
] as const;

/** A small seeded generator: the same run shape every time. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function copiesOf(r: number): number {
  let acc = 0;
  for (const [n, share] of DELIVERIES) {
    acc += share;
    if (r < acc) return n;
  }
  return 1;
}

const percentile = (xs: number[], q: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** The tenants of the run: the demo one and four more, each its own Green-API instance. */
async function tenants(h: ChaosHarness): Promise<Array<{ id: string; idInstance: string }>> {
  const out = [{ id: h.stack.demo.tenantId, idInstance: h.stack.demo.idInstance }];
  for (let i = 1; i <= 4; i++) {
    const t = { id: `chaos-long-${i}`, idInstance: `11010001${String(i).padStart(2, '0')}` };
    await h.addTenant(t.id, t.idInstance, 20);
    out.push(t);
  }
  await h.setChatRate(h.stack.demo.tenantId, 20);
  return out;
}

/**
 * Row 15: a long run — 1,000 messages (200 in quick mode) over 50 chats of 5 tenants, each
 * delivered 0–3 times (0: the webhook is lost, Green-API's journal has it and the cron's backstop,
 * fired every minute as the real one would, finds it), with the agent SIGKILLed and restarted in
 * the middle. Counted: lost, duplicated, out of order per chat, messages per second.
 */
export const longRun: Scenario = {
  n: 15,
  name: 'long run: 50 chats, 0–3 deliveries, agent restart',
  async run(h) {
    const total = h.quick ? 200 : 1000;
    const spanMs = h.quick ? 40_000 : 150_000;
    const ts = await tenants(h);
    const chats = Array.from({ length: 50 }, (_, c) => ({
      chatId: chatOf(15, c),
      tenant: ts[c % ts.length]!,
    }));
    for (const t of ts)
      await h.addSenders(
        t.id,
        chats.filter((c) => c.tenant === t).map((c) => c.chatId),
      );
    const random = seeded(15);
    const probes: Probe[] = Array.from({ length: total }, (_, i) => {
      const c = chats[i % chats.length]!;
      const p = leadProbe({
        scenario: 15,
        i,
        run: h.run,
        idInstance: c.tenant.idInstance,
        chatId: c.chatId,
        timestamp: 0,
      });
      p.deliveries = copiesOf(random());
      return p;
    });
    const agent = h.stack.agentProcess;
    if (!agent) throw new Error('the agent is not supervised');
    const started = Date.now();
    let restart: { at: number; turns: number } | null = null;
    const cron = setInterval(() => void h.fireCron(), 60_000);
    const sending = paced(total, spanMs, async (i) => {
      const p = probes[i]!;
      p.timestamp = nowSeconds();
      h.received(p);
      if (p.deliveries === 0) p.sentAt = Date.now();
      else await h.deliver(p, p.deliveries);
    });
    // Halfway: kill the agent with turns in flight, bring it back.
    const turns = await h.whenInFlight('turn', started, spanMs / 2, spanMs / 2 + 10_000);
    if (turns > 0) {
      await agent.kill('SIGKILL');
      await sleep(3000);
      await agent.start();
      restart = { at: Date.now(), turns };
      h.say(`agent SIGKILLed with ${turns} turn(s) running, restarted`);
    }
    await sending;
    const lastSent = Date.now();
    h.say(
      `${total} messages sent over ${Math.round((lastSent - started) / 1000)} s; firing the cron until none is missing`,
    );
    // The backstop picks up what was never delivered; the cron keeps firing until nothing is open.
    const deadline = Date.now() + 240_000;
    for (;;) {
      await h.fireCron();
      const [r] = await h.admin<{ n: number }[]>`
        select count(*)::int as n from inbound_messages
         where id_message in ${h.admin(probes.map((p) => p.idMessage))} and status in ('done', 'dead')`;
      if ((r?.n ?? 0) >= total || Date.now() > deadline) break;
      await sleep(20_000);
    }
    clearInterval(cron);
    const lost0 = probes.filter((p) => p.deliveries === 0);
    return {
      probes,
      faultClearedAt: lastSent,
      settleBy: Date.now() + 120_000,
      // The turns in order; a reply whose send the restart cut is delivered once its outcome is
      // known, possibly after a later one's: counted in the figures, not failed.
      order: 'processed',
      fault: {
        messages: total,
        chats: chats.length,
        tenants: ts.length,
        deliveries: Object.fromEntries(
          DELIVERIES.map(([n]) => [n, probes.filter((p) => p.deliveries === n).length]),
        ),
        agentRestart: restart
          ? { afterS: Math.round((restart.at - started) / 1000), turnsInFlight: restart.turns }
          : null,
        cronFires: h.cronFires(),
      },
      proofs: async () => [
        { fault: 'agent restart', applied: restart?.turns ?? 0, detail: 'turns running when it was killed' },
        {
          fault: 'webhook never delivered',
          applied: await foundByBackstop(h.admin, lost0),
          detail: 'found by the backstop',
        },
        {
          fault: 'delivered 2–3 times',
          applied: probes.filter((p) => (p.acceptedCopies ?? 0) >= 2).length,
          detail: 'messages queued more than once',
        },
      ],
      figures: async () => {
        const obs = await h.observe(probes);
        const owners = attribute(probes, obs.replies);
        const first = new Map<Probe, number>();
        for (const [i, p] of owners) {
          const at = obs.replies[i]!.at;
          if (!first.has(p) || at < first.get(p)!) first.set(p, at);
        }
        const answered = [...first.values()];
        const lastAnswer = answered.length ? Math.max(...answered) : started;
        const latency = probes
          .filter((p) => p.deliveries !== 0 && first.has(p))
          .map((p) => first.get(p)! - (p.sentAt ?? 0));
        return {
          messages: total,
          answered: first.size,
          durationS: Math.round((lastAnswer - started) / 100) / 10,
          messagesPerSecond:
            Math.round((first.size / Math.max(1, (lastAnswer - started) / 1000)) * 100) / 100,
          latencyMs: {
            p50: percentile(latency, 0.5),
            p95: percentile(latency, 0.95),
            max: percentile(latency, 1),
          },
          foundByBackstop: await foundByBackstop(h.admin, lost0),
        };
      },
    };
  },
};
