import type { TenantClients } from '../agent/pipeline/wiring/ports.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Store } from '../store/port.ts';
import type { Tenant } from '../store/types.ts';
import type { SchedulerDb, TeamMember } from './db.ts';
import type { ScheduleSettings } from './settings.ts';
import type { ClaimedItem, HandlerResult } from './types.ts';

export interface HandlerContext {
  item: ClaimedItem;
  tenant: Tenant;
  /** The tenant's and (when the item names a chat) the member's settings, defaults applied. */
  settings: ScheduleSettings;
  /** The tenant's WhatsApp team (chat, role, name, opted out). */
  team: TeamMember[];
  /** The tenant's goals from its memory (goal.<n> → text). */
  goals: Record<string, string>;
  clients: () => Promise<TenantClients>;
  db: SchedulerDb;
  /** The data port (outbound pacing for sends to leads). */
  store?: Store;
  clock: Clock;
  logger: Logger;
}

export interface KindHandler {
  /** Validates the payload (zod) before `run`; a payload that fails is a failed item, never retried. */
  parse(payload: unknown): { ok: true; value: unknown } | { ok: false; error: string };
  run(ctx: HandlerContext, payload: never): Promise<HandlerResult>;
  /** A message to a person: held during the tenant's quiet hours, delivered when they end. */
  quietHours: boolean;
}

/** The kinds the agent can run; i22b's outbound and bulk sends register theirs here too. */
export type KindRegistry = ReadonlyMap<string, KindHandler>;
