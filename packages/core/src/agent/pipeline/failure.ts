import { describeError, isAppError, isBadAnswer } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { backoffDelay } from '../../shared/retry.ts';
import type { TurnRef } from '../../store/types.ts';
import type { Lang } from '../lang.ts';
import { fixedReplies, pick } from '../render/messages.ts';
import { waitingReplies } from '../render/waiting.ts';
import { detectLanguage } from '../rules/index.ts';
import { answer, type PipelineResponse } from './answers.ts';
import type { Claimed } from './claim/claim.ts';
import { flushRows } from './send/flush.ts';
import type { TurnMessage } from './turn-message.ts';
import { type PipelineDeps, settingsOf } from './wiring/deps.ts';

/**
 * What a failed attempt means for its message:
 * - lease_lost: another delivery took it over (this attempt was presumed dead): it finishes it;
 * - outage: what it needs is away (CRM or database down, a timeout): it waits, in order, retried by
 *   the queue, and its sender is told once that it will be done when the service is back;
 * - poison: an answer outside a service's protocol, or a bug: retried only until the same failure
 *   repeats (at most `poisonAttempts` attempts, seconds apart), then dead;
 * - permanent: it can never succeed as it is (a missing setting, a refusal): dead now.
 * Dead messages are recorded (replayable), their sender told once, and they hold nothing up.
 */
export type Failure =
  | { kind: 'lease_lost' }
  | { kind: 'outage'; code: string; service: string | null }
  | { kind: 'poison'; fingerprint: string; badAnswer: boolean }
  | { kind: 'permanent'; code: string };

export function classifyFailure(e: unknown): Failure {
  if (isAppError(e) && e.code === 'conflict' && e.details?.kind === 'lease_lost')
    return { kind: 'lease_lost' };
  if (isBadAnswer(e)) {
    const d = e.details ?? {};
    const where = [d.service, d.method, d.path].filter((x) => typeof x === 'string').join(' ');
    return { kind: 'poison', fingerprint: `bad_answer ${where}`.slice(0, 200), badAnswer: true };
  }
  if (isAppError(e))
    return e.retryable
      ? {
          kind: 'outage',
          code: e.code,
          service: typeof e.details?.service === 'string' ? e.details.service : null,
        }
      : { kind: 'permanent', code: e.code };
  // A bug: the same one twice is deterministic (a file and line, never a message that could hold user text).
  const name = e instanceof Error ? e.name : 'non-error';
  return {
    kind: 'poison',
    fingerprint: `bug ${name} ${whereThrown(e) ?? ''}`.trim().slice(0, 200),
    badAnswer: false,
  };
}

function whereThrown(e: unknown): string | undefined {
  const stack = (e as { cause?: Error } & Error)?.cause?.stack ?? (e as Error)?.stack;
  return stack
    ?.split('\n')
    .find((l) => l.trim().startsWith('at '))
    ?.trim()
    .slice(0, 160);
}

/** The language the sender is answered in: theirs if they chose one, else the message's. */
const langOf = (c: Claimed, m: TurnMessage): Lang =>
  c.context.sender?.preferredLanguage ?? detectLanguage(m.msg.text ?? '', c.context.tenant.locale);

/** The failure path of a claimed turn: every failure is retried, waits or is dead; nothing is dropped. */
export async function failTurn(
  deps: PipelineDeps,
  c: Claimed,
  turn: TurnRef,
  e: unknown,
  m: TurnMessage,
  log: Logger,
): Promise<PipelineResponse> {
  const f = classifyFailure(e);
  const info = describeError(e);
  const lang = langOf(c, m);
  switch (f.kind) {
    case 'lease_lost':
      log.warn('agent.lease_lost', info);
      return answer.defer(2000, 'lease_lost');
    case 'outage': {
      log.warn('agent.failed', { ...info, failure: 'outage' });
      const notice = pick(f.service === 'crm' ? waitingReplies.outage : waitingReplies.outageOther, lang);
      const r = await deps.store
        .failAttempt(turn, { error: `outage:${f.code}`, notice })
        .catch((err) => log.error('agent.mark_failed', describeError(err)));
      if (r?.outbox.length)
        await flushRows(deps, turn.tenantId, { rows: r.outbox }, log).catch((err) =>
          log.warn('agent.wait_notice_failed', describeError(err)),
        );
      return answer.retry(
        backoffDelay(turn.attempt, { baseMs: 2000, maxMs: 30_000, random: Math.random }),
        f.code,
      );
    }
    case 'poison': {
      const repeated = c.lastError === f.fingerprint;
      if (repeated || turn.attempt >= settingsOf(deps).poisonAttempts) {
        log.error('agent.dead', {
          ...info,
          failure: 'poison',
          fingerprint: f.fingerprint,
          attempt: turn.attempt,
        });
        const notice: { fr: string; en: string } = f.badAnswer
          ? waitingReplies.badAnswer
          : fixedReplies.deadLetter;
        return recordDead(deps, m, f.fingerprint, log, pick(notice, lang));
      }
      log.warn('agent.failed', { ...info, failure: 'poison', fingerprint: f.fingerprint });
      await deps.store
        .failAttempt(turn, { error: f.fingerprint })
        .catch((err) => log.error('agent.mark_failed', describeError(err)));
      // Soon: a repeat is then dead within seconds, and the chat is not held for long.
      return answer.retry(2000, 'poison');
    }
    case 'permanent':
      log.error('agent.dead', { ...info, at: whereThrown(e) });
      return recordDead(deps, m, info.code, log, pick(fixedReplies.deadLetter, lang));
  }
}

/** Records a message as dead (replayable) and tells a known sender, once, quoting it. */
export async function recordDead(
  deps: PipelineDeps,
  m: TurnMessage,
  reason: string,
  log: Logger,
  notice: string = pick(fixedReplies.deadLetter, detectLanguage(m.msg.text ?? '', 'fr')),
): Promise<PipelineResponse> {
  const r = await deps.store.deadLetter({
    instance: m.msg.idInstance,
    idMessage: m.msg.idMessage,
    chatId: m.conv.chatId,
    senderId: m.conv.senderId,
    typeMessage: m.msg.typeMessage,
    waTimestamp: m.msg.timestamp,
    requestId: m.requestId,
    reason,
    content: { kind: m.msg.kind, text: m.msg.text, file: m.msg.file, quotedMessageId: m.msg.quotedMessageId },
    notice,
  });
  if (r.outcome === 'unknown_instance') return answer.done({ dead: true, reason });
  if (r.outbox.length) {
    const sent = await flushRows(deps, r.tenantId, { rows: r.outbox }, log).catch((err) => {
      log.warn('agent.dead_notice_failed', describeError(err));
      return null;
    });
    if (!sent || sent.unsent > 0)
      return answer.retry(sent?.retryAfterMs ?? 5000, 'reply_not_sent', { dead: true });
  }
  return answer.done({ dead: true, reason });
}
