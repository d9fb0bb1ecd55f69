import type { Received } from './agent-stand-in.ts';

/** Everything the agent stand-in has received since its last /__reset. */
export const received = async () =>
  (await (await fetch('http://agent.test/__received')).json()) as Received[];
