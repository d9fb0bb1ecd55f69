import { sleep } from '../harness.ts';
import type { Scenario } from '../scenario.ts';
import { leadBatch, sendPaced, slowEdges } from './leads.ts';

/** Row 1: the agent process SIGKILLed ~6 s into a batch, restarted 5 s later. */
export const agentKilled: Scenario = {
  n: 1,
  name: 'agent SIGKILLed mid-batch, restarted 5 s later',
  async run(h) {
    const agent = h.stack.agentProcess;
    if (!agent) throw new Error('the agent is not supervised');
    const count = h.quick ? 20 : 60;
    const probes = await leadBatch(h, 1, count, 10);
    const fastEdges = slowEdges(h);
    const start = Date.now();
    const sending = sendPaced(h, probes, h.quick ? 10_000 : 12_000);
    // About 6 s in, while replies are on their way: committed turns whose send dies with the process.
    // No reply in flight, no kill: a kill of an idle agent proves nothing (the row then fails).
    const inFlight = await h.whenInFlight('reply', start, 6000, 11_000);
    const turns = await h.inFlight('turn');
    let exit: { signal: NodeJS.Signals | null } = { signal: null };
    if (inFlight > 0) {
      exit = await agent.kill('SIGKILL');
      h.say(`agent SIGKILLed (${inFlight} reply(ies) being sent, ${turns} turn(s) running); restart in 5 s`);
      await sleep(5000);
      await agent.start();
      h.say('agent restarted and answering');
    } else h.say('no reply was in flight: the agent was not killed');
    const faultClearedAt = Date.now();
    await sending;
    fastEdges();
    return {
      probes,
      faultClearedAt,
      fault: {
        repliesInFlightAtKill: inFlight,
        turnsInFlightAtKill: turns,
        signal: exit.signal,
        downMs: 5000,
      },
      proofs: [
        {
          fault: 'SIGKILL',
          applied: exit.signal === 'SIGKILL' ? inFlight : 0,
          detail: 'replies being sent when the agent was killed',
        },
      ],
    };
  },
};
