/**
 * The scheduler: everything MAX does on its own (reminders, digests, reports, paced sends).
 *
 * - Enqueue: `schedulerDb(store).schedule(tenantId, now, [{ kind, dedupeKey, dueAt, payload,
 *   subject?, chatId?, replaces? }])` — once per (tenant, dedupeKey), however often it is called;
 *   `replaces` cancels open items of the same kind and subject (a task whose due date moved).
 *   A handler may also return `schedule: [...]` to enqueue in the transaction that finishes its item.
 * - The cron (Worker, every minute) asks the agent for a `schedule_tick`: `runScheduleTick` plans each
 *   tenant's recurring items (plan.ts) and returns the due ones, marked queued; the Worker puts each
 *   on the queue as a `scheduled` message (queue/scheduled-message.ts).
 * - The agent runs a `scheduled` message with `runScheduledItem`: claimed once under a lease, fenced
 *   by its attempt; the kind's handler (a `KindHandler` in the registry, handler.ts) returns
 *   `done` with messages (written to the outbox by the finishing transaction, then sent) or `later`
 *   with a new due time (pacing, caps). `quietHours: true` holds a kind's items during the tenant's
 *   quiet hours. A retryable error is retried (5 attempts), anything else fails the item.
 * - Cancel: `schedulerDb(store).cancel(tenantId, now, { kinds, chatId?, itemId? })`.
 * - Operators read `scheduled_work` (what, for whom, when, state, attempts).
 */
export * from './db.ts';
export * from './handler.ts';
export * from './plan.ts';
export * from './port.ts';
export * from './registry.ts';
export * from './run-item.ts';
export * from './settings.ts';
export * from './tick.ts';
export * from './types.ts';
