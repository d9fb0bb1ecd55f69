import { sleep } from '../harness.ts';
import { chatOf, leadProbe, letters, noteProbe, type Probe, taskProbe } from '../probes.ts';
import { nowSeconds, type Scenario } from '../scenario.ts';
import { CRM_WRITE_MS } from './leads.ts';

/** Gaps between the burst's messages: 0.5–1.5 s, fixed so runs compare. */
const GAPS_MS = [700, 1200, 500, 1500];

/**
 * Row 7: five separate commands 0.5–1.5 s apart in one chat (rules engine), the CRM slow to write
 * notes and tasks: each is run and answered, in order.
 */
export const burst: Scenario = {
  n: 7,
  name: '5 commands 0.5–1.5 s apart in one chat',
  parallel: true,
  async run(h) {
    const chatId = chatOf(7, 0);
    await h.addSenders(h.stack.demo.tenantId, [chatId]);
    const email = `target${letters(7)}${h.run}@chaos.test`;
    await h.createLead('Cible', `Rafale${h.run.toUpperCase()}`, email);
    const base = { scenario: 7, run: h.run, idInstance: h.stack.demo.idInstance, chatId, timestamp: 0 };
    const probes: Probe[] = [
      leadProbe({ ...base, i: 0 }),
      noteProbe({ ...base, i: 1, leadEmail: email }),
      taskProbe({ ...base, i: 2 }),
      leadProbe({ ...base, i: 3 }),
      taskProbe({ ...base, i: 4 }),
    ];
    // The note and the tasks take a while to write (a CRM over the Internet): the next command of
    // the burst arrives while one is still in its turn — what the row is about.
    h.espo.faults.add({
      id: 'chaos-7-latency',
      mode: 'latency',
      method: 'POST',
      pathRegex: '^/api/v1/(Note|Task)$',
      delayMs: CRM_WRITE_MS,
    });
    const sends: Promise<void>[] = [];
    for (const [i, p] of probes.entries()) {
      if (i > 0) await sleep(GAPS_MS[i - 1]!);
      p.timestamp = nowSeconds();
      sends.push(h.deliver(p));
    }
    await Promise.all(sends);
    h.say('burst of 5 commands sent (lead, note, task, lead, task)');
    return {
      probes,
      faultClearedAt: Math.max(...probes.map((p) => p.sentAt ?? 0)),
      fault: { gapsMs: GAPS_MS, noteAndTaskWriteMs: CRM_WRITE_MS },
      order: 'answered',
      // The burst met a turn in flight: a message arrived while an earlier one was still open.
      proofs: async () => [
        {
          fault: 'burst',
          applied: await h.overlapping(probes),
          detail: 'messages that arrived while an earlier one was open',
        },
      ],
    };
  },
};
