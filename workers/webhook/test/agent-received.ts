import { type Received, SCHEDULED_DUE } from './agent-stand-in.ts';

/** Everything the agent stand-in has received since its last /__reset. */
export const received = async () =>
  (await (await fetch('http://agent.test/__received')).json()) as Received[];

/** Waits (up to 15 s) until what the stand-in received satisfies `done`; answers what it received. */
export async function receivedUntil(done: (got: Received[]) => boolean): Promise<Received[]> {
  let got = await received();
  for (let i = 0; i < 150 && !done(got); i++) {
    await new Promise((r) => setTimeout(r, 100));
    got = await received();
  }
  return got;
}

/** The due items a tick queued, as the queue's consumer delivered them to the agent. */
export const deliveries = (got: Received[]) => got.filter((r) => r.kind === 'scheduled');

/** True once every item of a tick was delivered, the one failed once (…503) delivered again. */
export const tickDelivered = (got: Received[]) =>
  deliveries(got).filter((d) => d.itemId === SCHEDULED_DUE[1]!.itemId).length >= 2 &&
  deliveries(got).some((d) => d.itemId === SCHEDULED_DUE[0]!.itemId);
