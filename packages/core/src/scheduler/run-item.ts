import { answer, type PipelineResponse } from '../agent/pipeline/answers.ts';
import { sendRows } from '../agent/pipeline/send/send.ts';
import { type PipelineDeps, settingsOf } from '../agent/pipeline/wiring/deps.ts';
import { AppError, describeError, isAppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { type ClaimAnswer, type FinishInput, schedulerDb } from './db.ts';
import type { HandlerContext, KindRegistry } from './handler.ts';
import { quietUntil, resolveSettings } from './settings.ts';
import type { ClaimedItem } from './types.ts';

/** A claimed item is held this long; its handler is short (a few CRM reads), so no heartbeat. */
export const ITEM_LEASE_MS = 120_000;
/** A retryable failure is tried again up to this many attempts, then the item has failed. */
export const ITEM_MAX_ATTEMPTS = 5;

type Claimed = Extract<ClaimAnswer, { outcome: 'claimed' }>;

/**
 * Runs one scheduled item (the queue's `scheduled` message): claimed once under a lease and
 * fenced by its attempt, its kind's handler decides, and the finish writes its messages to the
 * outbox in the same transaction (then sends them). A second delivery of the same item finds it
 * final (duplicate) or held (defer); an attempt that lost its lease finishes nothing.
 */
export async function runScheduledItem(
  deps: PipelineDeps,
  kinds: KindRegistry,
  req: { tenantId: string; itemId: string },
  logger: Logger,
): Promise<PipelineResponse> {
  const db = schedulerDb(deps.store);
  const log = logger.child({ tenantId: req.tenantId, itemId: req.itemId });
  const c = await db.claim(req.tenantId, req.itemId, deps.clock.now(), ITEM_LEASE_MS);
  switch (c.outcome) {
    case 'missing':
      return answer.ignored('no_such_item');
    case 'final':
      return answer.duplicate({ state: c.state });
    case 'busy':
      return answer.defer(c.retryAfterMs, 'in_progress');
    case 'not_due':
      // Moved later since it was queued: the cron hands it out again when it is due.
      return answer.done({ notDue: true });
    case 'claimed':
      return execute(deps, kinds, c, db, log.child({ kind: c.item.kind, attempt: c.attempt }));
  }
}

async function execute(
  deps: PipelineDeps,
  kinds: KindRegistry,
  c: Claimed,
  db: ReturnType<typeof schedulerDb>,
  log: Logger,
): Promise<PipelineResponse> {
  const item: ClaimedItem = c.item;
  const finish = (f: FinishInput) => db.finish(item, c.attempt, deps.clock.now(), f);
  try {
    const handler = kinds.get(item.kind);
    if (!handler) {
      await finish({ outcome: 'failed', error: 'unknown_kind' });
      log.error('scheduled.unknown_kind');
      return answer.done({ state: 'failed' });
    }
    const parsed = handler.parse(item.payload);
    if (!parsed.ok) {
      await finish({ outcome: 'failed', error: `invalid_payload: ${parsed.error}`.slice(0, 200) });
      log.error('scheduled.invalid_payload');
      return answer.done({ state: 'failed' });
    }
    const ctx0 = await deps.store.tenantContext(item.tenantId, deps.clients.knownVersion(item.tenantId));
    if (!ctx0) throw new AppError('not_found', 'Tenant not visible');
    const tenant = ctx0.tenant;
    const settings = resolveSettings(c.settings);
    if (handler.quietHours) {
      const until = quietUntil(deps.clock.now(), tenant.timezone, settings.tenant);
      if (until) {
        await finish({ outcome: 'later', dueAt: until, error: 'quiet_hours' });
        log.info('scheduled.quiet_hours', { until: until.toISOString() });
        return answer.done({ state: 'pending', heldUntil: until.toISOString() });
      }
    }
    let clients: Awaited<ReturnType<HandlerContext['clients']>> | null = null;
    const ctx: HandlerContext = {
      item,
      tenant,
      settings,
      team: c.team,
      goals: c.memory,
      clients: async () => {
        clients ??= await deps.clients.forTenant(tenant, ctx0.secrets, log);
        return clients;
      },
      db,
      store: deps.store,
      clock: deps.clock,
      logger: log,
    };
    const r = await handler.run(ctx, parsed.value as never);
    if (r.outcome === 'later') {
      await finish({ outcome: 'later', dueAt: r.dueAt, error: r.reason });
      log.info('scheduled.later', { reason: r.reason, dueAt: r.dueAt.toISOString() });
      return answer.done({ state: 'pending', dueAt: r.dueAt.toISOString() });
    }
    // Nobody is ever written to who opted out of MAX (STOP).
    const out = new Set(c.team.filter((m) => m.optedOut).map((m) => m.chatId));
    const messages = (r.messages ?? []).filter((m) => !out.has(m.chatId));
    const rows = await finish({
      outcome: 'done',
      messages,
      ...(r.result ? { result: r.result, audit: r.result } : {}),
      ...(r.schedule?.length ? { schedule: r.schedule } : {}),
    });
    log.info('scheduled.done', { messages: messages.length, ...(r.result ?? {}) });
    if (rows.length) {
      // Sent now; a send that fails stays in the outbox, and the backstop's flush retries it.
      const whatsapp = (await ctx.clients()).whatsapp;
      await sendRows(
        {
          store: deps.store,
          clock: deps.clock,
          logger: log,
          tenantId: item.tenantId,
          whatsapp,
          journalLagMs: settingsOf(deps).journalLagMs,
        },
        rows,
      ).catch((e) => log.warn('scheduled.send_failed', describeError(e)));
    }
    return answer.done({ state: 'done', messages: messages.length });
  } catch (e) {
    return failed(e, c, finish, log);
  }
}

async function failed(
  e: unknown,
  c: Claimed,
  finish: (f: FinishInput) => Promise<unknown>,
  log: Logger,
): Promise<PipelineResponse> {
  if (isAppError(e) && e.code === 'conflict' && e.details?.kind === 'lease_lost') {
    // Another attempt took it over (this one was too slow): that one finishes it, once.
    log.warn('scheduled.lease_lost');
    return answer.duplicate({ leaseLost: true });
  }
  const info = describeError(e);
  const final = !info.retryable || c.attempt >= ITEM_MAX_ATTEMPTS;
  try {
    await finish({ outcome: final ? 'failed' : 'retry', error: `${info.code}: ${info.message}` });
  } catch (fe) {
    log.warn('scheduled.finish_failed', describeError(fe));
  }
  log.warn('scheduled.failed', { ...info, final });
  return final ? answer.done({ state: 'failed' }) : answer.retry(5000 * c.attempt, info.code);
}
