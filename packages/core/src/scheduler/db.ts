import { z } from 'zod';
import type { Store } from '../store/port.ts';
import type { OutboxRow } from '../store/types.ts';
import type { ClaimedItem, ItemSpec, ScheduledMessage } from './types.ts';

const teamMember = z.object({
  chatId: z.string(),
  role: z.enum(['admin', 'member']),
  name: z.string().nullable(),
  optedOut: z.boolean(),
});
export type TeamMember = z.infer<typeof teamMember>;

const claimAnswer = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('claimed'),
    attempt: z.number().int(),
    item: z.object({
      id: z.string(),
      tenantId: z.string(),
      kind: z.string(),
      dedupeKey: z.string(),
      subject: z.string().nullable(),
      chatId: z.string().nullable(),
      payload: z.record(z.string(), z.unknown()),
      dueAt: z.string(),
      attempts: z.number().int(),
    }),
    settings: z.record(z.string(), z.record(z.string(), z.unknown())),
    team: z.array(teamMember),
    memory: z.record(z.string(), z.string()),
  }),
  z.object({ outcome: z.enum(['busy', 'not_due']), retryAfterMs: z.number() }),
  z.object({ outcome: z.literal('final'), state: z.string() }),
  z.object({ outcome: z.literal('missing') }),
]);
export type ClaimAnswer = z.infer<typeof claimAnswer>;

const dueRows = z.array(z.object({ tenantId: z.string(), itemId: z.string(), kind: z.string() }));
export type DueItem = z.infer<typeof dueRows>[number];

const outboxRow = z.object({
  id: z.string(),
  messageId: z.string().nullable(),
  chatId: z.string(),
  body: z.string(),
  quotedMessageId: z.string().nullable(),
  sendKey: z.string(),
  attempts: z.number(),
  createdAt: z.string(),
  checkFirst: z.boolean(),
});

const planInput = z.array(
  z.object({
    tenantId: z.string(),
    timezone: z.string(),
    locale: z.enum(['fr', 'en']),
    settings: z.record(z.string(), z.record(z.string(), z.unknown())),
    team: z.array(teamMember),
  }),
);
export type PlanInput = z.infer<typeof planInput>[number];

export type FinishInput =
  | {
      outcome: 'done';
      messages: ScheduledMessage[];
      result?: Record<string, unknown>;
      audit?: Record<string, unknown>;
      schedule?: ItemSpec[];
    }
  | { outcome: 'later'; dueAt: Date; error: string }
  | { outcome: 'retry' | 'failed'; error: string };

const itemJson = (i: ItemSpec) => ({
  kind: i.kind,
  dedupeKey: i.dedupeKey,
  dueAt: i.dueAt.toISOString(),
  payload: i.payload ?? {},
  ...(i.subject ? { subject: i.subject } : {}),
  ...(i.chatId ? { chatId: i.chatId } : {}),
  ...(i.replaces ? { replaces: true } : {}),
});

/**
 * The scheduler's units of work (supabase/migrations/*_scheduler.sql): each one SQL function, one
 * statement, on the store's connection; the functions enter the tenant (role max_agent, RLS) or,
 * for the cross-tenant sweep and planner input, the service role.
 */
export function schedulerDb(store: Pick<Store, 'operate'>) {
  const one = async <T>(
    name: string,
    q: (
      sql: Parameters<Parameters<Store['operate']>[1]>[0],
    ) => PromiseLike<readonly Record<string, unknown>[]>,
  ) => (await store.operate(name, async (sql) => q(sql)))[0]?.r as T;
  const json = (v: unknown) => JSON.stringify(v);
  return {
    async schedule(
      tenantId: string,
      now: Date,
      items: ItemSpec[],
    ): Promise<{ created: number; replaced: number }> {
      if (!items.length) return { created: 0, replaced: 0 };
      return one(
        'schedule',
        (sql) =>
          sql`select public.max_schedule(${json({ tenantId, now: now.toISOString(), items: items.map(itemJson) })}::text::jsonb) as r`,
      );
    },
    async due(now: Date, limit: number, requeueMs: number): Promise<DueItem[]> {
      return dueRows.parse(
        await one(
          'schedule_due',
          (sql) =>
            sql`select public.max_due_scheduled(${now.toISOString()}::timestamptz, ${limit}, ${requeueMs}) as r`,
        ),
      );
    },
    async claim(tenantId: string, itemId: string, now: Date, leaseMs: number): Promise<ClaimAnswer> {
      return claimAnswer.parse(
        await one(
          'schedule_claim',
          (sql) =>
            sql`select public.max_claim_scheduled(${tenantId}, ${itemId}::uuid, ${now.toISOString()}::timestamptz, ${Math.round(leaseMs)}) as r`,
        ),
      );
    },
    async finish(item: ClaimedItem, attempt: number, now: Date, f: FinishInput): Promise<OutboxRow[]> {
      const body = {
        tenantId: item.tenantId,
        itemId: item.id,
        attempt,
        now: now.toISOString(),
        outcome: f.outcome,
        ...(f.outcome === 'done'
          ? {
              outbox: f.messages.map((m, i) => ({
                chat_id: m.chatId,
                body: m.body,
                send_key: `sched:${item.id}:${i}`,
              })),
              ...(f.result ? { result: f.result } : {}),
              ...(f.audit ? { audit: f.audit } : {}),
              ...(f.schedule?.length ? { schedule: f.schedule.map(itemJson) } : {}),
            }
          : { error: f.error }),
        ...(f.outcome === 'later' ? { dueAt: f.dueAt.toISOString() } : {}),
      };
      const r = await one<{ outbox: unknown }>(
        'schedule_finish',
        (sql) => sql`select public.max_finish_scheduled(${json(body)}::text::jsonb) as r`,
      );
      return z.array(outboxRow).parse(r.outbox);
    },
    async cancel(
      tenantId: string,
      now: Date,
      what: { itemId?: string; kinds?: string[]; chatId?: string; reason: string },
    ): Promise<number> {
      const r = await one<{ cancelled: number }>(
        'schedule_cancel',
        (sql) =>
          sql`select public.max_cancel_scheduled(${json({ tenantId, now: now.toISOString(), ...what })}::text::jsonb) as r`,
      );
      return r.cancelled;
    },
    async setSettings(tenantId: string, chatId: string | null, patch: Record<string, unknown>) {
      return one<Record<string, unknown>>(
        'schedule_settings',
        (sql) =>
          sql`select public.max_set_schedule_settings(${json({ tenantId, chatId: chatId ?? '', patch })}::text::jsonb) as r`,
      );
    },
    async inputs(): Promise<PlanInput[]> {
      return planInput.parse(
        await one('schedule_inputs', (sql) => sql`select public.max_schedule_inputs() as r`),
      );
    },
  };
}

export type SchedulerDb = ReturnType<typeof schedulerDb>;
