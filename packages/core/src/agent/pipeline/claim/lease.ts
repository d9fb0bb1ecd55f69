import type { Clock } from '../../../shared/clock.ts';
import { describeError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { Store } from '../../../store/port.ts';
import type { TurnRef } from '../../../store/types.ts';

export interface HeldLease {
  /** Another attempt took the message over (this one must not finish it). */
  lost(): boolean;
  stop(): void;
}

/**
 * Keeps a running attempt's claim alive: the lease is short (a dead attempt's message is taken over
 * by the queue's next delivery within seconds) and renewed while the attempt runs, up to a
 * deadline so a hung attempt cannot hold a message forever.
 */
export function holdLease(
  o: { store: Store; clock: Clock; logger: Logger },
  turn: TurnRef,
  s: { leaseMs: number; heartbeatMs: number; deadlineMs: number },
): HeldLease {
  let stopped = false;
  let lost = false;
  let wake: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const until = o.clock.now().getTime() + s.deadlineMs;
  void (async () => {
    for (;;) {
      await Promise.race([o.clock.sleep(s.heartbeatMs), stopSignal]);
      if (stopped) return;
      if (o.clock.now().getTime() >= until) {
        o.logger.warn('lease.deadline', { messageId: turn.messageId });
        return;
      }
      try {
        if (!(await o.store.heartbeat(turn, s.leaseMs))) {
          lost = true;
          o.logger.warn('lease.lost', { messageId: turn.messageId, attempt: turn.attempt });
          return;
        }
      } catch (e) {
        // The database may be briefly away: the fenced commit decides in the end.
        o.logger.warn('lease.renew_failed', { messageId: turn.messageId, ...describeError(e) });
      }
    }
  })();
  return {
    lost: () => lost,
    stop() {
      stopped = true;
      wake();
    },
  };
}
