import type { Clock } from '../../shared/clock.ts';
import type { TenantStore } from '../../store/port.ts';
import type { ChatTurnState } from '../../store/types.ts';

export type Turn =
  | { kind: 'lead'; followers: ChatTurnState['followers'] }
  | { kind: 'merged'; into: string | null }
  | { kind: 'blocked' };

export interface TurnOptions {
  chatId: string;
  messageId: string;
  /** When the edge received the message (ms since epoch). */
  receivedAt: number;
  /** Messages of one chat within this window are one request (default 3 s). */
  burstWindowMs: number;
  /** How long a message waits for an earlier one of its chat before handing back to the queue. */
  maxWaitMs: number;
  pollMs?: number;
}

/**
 * Per-chat order and bursts, decided in the database so any number of agent instances agree:
 * a message first lets its burst window pass (measured from the edge, so it is never delayed by
 * more than the window), then waits while an earlier message of its chat is open. The earliest
 * open message leads and takes the claimed messages of its window into its turn.
 */
export async function waitForTurn(ts: TenantStore, clock: Clock, o: TurnOptions): Promise<Turn> {
  const windowMs = Math.max(0, o.burstWindowMs);
  const settle = Math.min(windowMs, Math.max(0, o.receivedAt + windowMs - clock.now().getTime()));
  if (settle > 0) await clock.sleep(settle);
  const deadline = clock.now().getTime() + o.maxWaitMs;
  for (;;) {
    const st = await ts.chatTurnState(o.chatId, o.messageId, Math.ceil(windowMs / 1000));
    if (st.selfStatus === 'done') return { kind: 'merged', into: st.mergedInto };
    if (st.earlierOpen === 0) return { kind: 'lead', followers: windowMs > 0 ? st.followers : [] };
    if (clock.now().getTime() >= deadline) return { kind: 'blocked' };
    await clock.sleep(o.pollMs ?? 200);
  }
}
