import type { ChaosHarness } from '../harness.ts';
import { chatOf, leadProbe, type Probe } from '../probes.ts';
import { nowSeconds, paced } from '../scenario.ts';

/** How long a CRM write and a WhatsApp send take in the crash scenarios (slow edges keep turns in flight). */
export const CRM_WRITE_MS = 1500;
export const SEND_MS = 1000;

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
