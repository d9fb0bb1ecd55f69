import type { ChaosHarness } from '../harness.ts';
import { chatOf, leadProbe, type Probe } from '../probes.ts';
import { nowSeconds, paced } from '../scenario.ts';

/** How long a CRM write and a WhatsApp send take in the crash scenarios (slow edges keep turns in flight). */
export const CRM_WRITE_MS = 1500;
const SEND_MS = 1000;

/**
 * A CRM write and a WhatsApp send take a while (as over the Internet), so a fault finds turns in
 * the middle, some of them between their commit and their reply. Returns the way back to fast edges.
 */
export function slowEdges(h: ChaosHarness): () => void {
  h.espo.faults.add({ id: 'chaos-latency', mode: 'latency', method: 'POST', delayMs: CRM_WRITE_MS });
  h.green.faults.add({ id: 'chaos-latency', mode: 'latency', pathRegex: '/sendMessage/', delayMs: SEND_MS });
  return () => {
    h.espo.faults.remove('chaos-latency');
    h.green.faults.remove('chaos-latency');
  };
}

/** `count` lead commands over `chats` chats of scenario `n` (message i in chat i mod chats), senders authorised. */
export async function leadBatch(
  h: ChaosHarness,
  n: number,
  count: number,
  chats: number,
  from = 0,
): Promise<Probe[]> {
  const chatIds = Array.from({ length: chats }, (_, c) => chatOf(n, c));
  await h.addSenders(h.stack.demo.tenantId, chatIds);
  return Array.from({ length: count }, (_, k) =>
    leadProbe({
      scenario: n,
      i: from + k,
      run: h.run,
      idInstance: h.stack.demo.idInstance,
      chatId: chatIds[(from + k) % chats]!,
      timestamp: 0,
    }),
  );
}

/** Sends the probes evenly over `spanMs`, each stamped with WhatsApp's time as it goes. */
export function sendPaced(h: ChaosHarness, probes: Probe[], spanMs: number): Promise<void> {
  return paced(probes.length, spanMs, (i) => {
    const p = probes[i]!;
    p.timestamp = nowSeconds();
    return h.deliver(p);
  });
}
