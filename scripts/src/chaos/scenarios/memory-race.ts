import { chatOf, markerOf, type Probe } from '../probes.ts';
import { nowSeconds, type Scenario } from '../scenario.ts';

const TENANT = 'chaos-memory';
const INSTANCE = '1101000098';
const ADMINS = 6;

/** "retiens que notre objectif est de <marker>": the reply names the goal's number and its text. */
function goalProbe(i: number, run: string, round: number): Probe {
  const marker = markerOf(13, round * 100 + i, run);
  return {
    idMessage: `CHAOS13${run.toUpperCase()}${String(round * 100 + i).padStart(4, '0')}`,
    idInstance: INSTANCE,
    chatId: chatOf(13, i),
    text: `retiens que notre objectif est de ${marker}`,
    kind: 'memory',
    marker,
    replyMarker: marker,
    replyPattern: /C'est noté — Objectif \d+ : /,
    timestamp: 0,
  };
}

/**
 * Row 13 (issue 19 row 2): several admins of one business say "retiens que notre objectif est …"
 * at the same moment, through the webhook. Every goal is kept, and each reply names the number
 * that really holds that admin's goal. The fault is the race itself: it proves itself by commits
 * that met another turn's memory change (agent.memory_conflict) — a second round runs if the
 * first one did not overlap.
 */
export const memoryRace: Scenario = {
  n: 13,
  name: `${ADMINS} admins remember a goal at the same moment`,
  async run(h) {
    await h.addTenant(TENANT, INSTANCE, 600);
    const chats = Array.from({ length: ADMINS }, (_, i) => chatOf(13, i));
    for (const c of chats)
      await h.admin`
      insert into whatsapp_senders (tenant_id, chat_id, role) values (${TENANT}, ${c}, 'admin')
      on conflict (tenant_id, chat_id) do update set role = 'admin'`;
    const before = h.agentEvents('agent.memory_conflict');
    const probes: Probe[] = [];
    for (let round = 0; round < 2; round++) {
      const wave = Array.from({ length: ADMINS }, (_, i) => goalProbe(i, h.run, round));
      const ts = nowSeconds();
      for (const p of wave) p.timestamp = ts;
      await Promise.all(wave.map((p) => h.deliver(p)));
      probes.push(...wave);
      // Wait for this wave before deciding whether it raced.
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const [r] = await h.admin<{ n: number }[]>`
          select count(*)::int as n from inbound_messages
           where id_message in ${h.admin(wave.map((p) => p.idMessage))} and status in ('done', 'dead')`;
        if ((r?.n ?? 0) === wave.length) break;
        await new Promise((res) => setTimeout(res, 250));
      }
      if (h.agentEvents('agent.memory_conflict') > before) break;
      h.say('no commit met another one in that wave: a second wave');
    }
    const conflicts = h.agentEvents('agent.memory_conflict') - before;
    h.say(`${probes.length} goals remembered at once; ${conflicts} commit(s) decided again after a race`);
    return {
      probes,
      faultClearedAt: Math.max(...probes.map((p) => p.sentAt ?? 0)),
      fault: { admins: ADMINS, memoryConflicts: conflicts },
      proofs: [
        {
          fault: 'concurrent remember',
          applied: conflicts,
          detail: 'commits that met another memory change',
        },
      ],
      // Each reply's number is the goal that holds that admin's value.
      check: async () => {
        const stored = new Map(
          (
            await h.admin<{ key: string; value: string }[]>`
            select key, value from tenant_memory where tenant_id = ${TENANT}`
          ).map((m) => [m.key, m.value]),
        );
        const reasons: string[] = [];
        for (const p of probes) {
          const reply = h.green.sent().find((m) => m.chatId === p.chatId && m.message.includes(p.marker));
          const n = reply && /Objectif (\d+) : /.exec(reply.message)?.[1];
          if (n && stored.get(`goal.${n}`) !== p.marker)
            reasons.push(`${p.idMessage}: its reply says goal ${n}, which holds something else`);
        }
        return reasons;
      },
    };
  },
};
