import { chatOf, letters, noteProbe } from '../probes.ts';
import { nowSeconds, type Scenario } from '../scenario.ts';
import { sendPaced } from './leads.ts';
import { waitSpent } from './spent-rule.ts';

/** Row 5: EspoCRM saves a Note but its answer is lost. */
export const crmNoteLostAnswer: Scenario = {
  n: 5,
  name: 'EspoCRM saves a Note, answer lost',
  async run(h) {
    const count = 10;
    const chats = Array.from({ length: count }, (_, i) => chatOf(5, i));
    await h.addSenders(h.stack.demo.tenantId, chats);
    const probes = [];
    for (let i = 0; i < count; i++) {
      // Each note goes on a lead of its own, made in the CRM directly: its reply names that lead.
      const email = `target${letters(5)}q${letters(i, 3)}${h.run}@chaos.test`;
      await h.createLead('Cible', `Note${letters(i, 3).toUpperCase()}${h.run.toUpperCase()}`, email);
      probes.push(
        noteProbe({
          scenario: 5,
          i,
          run: h.run,
          idInstance: h.stack.demo.idInstance,
          chatId: chats[i]!,
          timestamp: nowSeconds(),
          leadEmail: email,
        }),
      );
    }
    h.espo.faults.add({ id: 'chaos-5', mode: 'lose_answer', method: 'POST', path: '/api/v1/Note', count });
    h.say(`EspoCRM loses the answer of the next ${count} Note creations`);
    await sendPaced(h, probes, 3000);
    const spent = await waitSpent(h.espo.faults, 'chaos-5', count, 60_000);
    h.espo.faults.remove('chaos-5');
    h.say(`${spent.applied} Note answer(s) lost`);
    return {
      probes,
      faultClearedAt: spent.at,
      fault: { answersLost: spent.applied },
      proofs: [{ fault: 'Note answer lost', applied: spent.applied, detail: 'note saved, answer reset' }],
    };
  },
};
