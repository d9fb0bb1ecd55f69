import { sleep } from '../harness.ts';
import type { Scenario } from '../scenario.ts';
import { leadBatch, sendPaced, slowEdges } from './leads.ts';

/** Row 2: every database connection reset, new ones refused for 10 s, during a batch. */
export const databaseCut: Scenario = {
  n: 2,
  name: 'database connections reset, refused 10 s',
  async run(h) {
    const proxy = h.stack.dbProxy;
    if (!proxy) throw new Error('the agent does not reach the database through the proxy');
    const count = h.quick ? 20 : 60;
    const refuseMs = 10_000;
    const probes = await leadBatch(h, 2, count, 10);
    const fastEdges = slowEdges(h);
    const start = Date.now();
    const sending = sendPaced(h, probes, h.quick ? 10_000 : 12_000);
    // About 6 s in, while turns are running (their heartbeat, tool results and commit need the
    // database): the cut falls the moment a statement has been sent and is not answered yet.
    const inFlight = await h.whenInFlight('turn', start, 6000, 9000);
    const before = proxy.stats();
    const statements = await proxy.cutInFlight({ refuseMs, timeoutMs: 8000 });
    const cutAt = Date.now();
    h.say(
      statements === null
        ? 'no statement was in flight within 8 s: the database was not cut'
        : `database cut: ${before.active} connection(s) reset, ${statements} with a statement in flight, ${inFlight} message(s) processing; refusing for ${refuseMs / 1000} s`,
    );
    await sleep(refuseMs);
    const faultClearedAt = cutAt + refuseMs;
    await sending;
    fastEdges();
    const after = proxy.stats();
    h.say(`database reachable again (${after.refused} connection attempt(s) refused meanwhile)`);
    return {
      probes,
      faultClearedAt,
      fault: {
        connectionsReset: before.active,
        refused: after.refused,
        inFlightAtCut: inFlight,
        statementsInFlightAtCut: statements ?? 0,
        refuseMs,
      },
      proofs: [
        { fault: 'cut', applied: statements ?? 0, detail: 'connections reset with a statement in flight' },
      ],
    };
  },
};
