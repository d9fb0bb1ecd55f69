/** What the record engine works on: metadata, the tables, the many-to-many rows, users, settings, stream. */
import type { CrmSettings } from '@max/core';
import type { EspoUser } from './auth.ts';
import type { Metadata } from './defs/index.ts';
import type { Rec } from './records.ts';
import type { StreamLog } from './stream-log.ts';

/** One row of a many-to-many middle table (account_contact, call_lead, …) with its extra columns. */
export interface JoinRow {
  relation: string;
  left: { entity: string; id: string };
  right: { entity: string; id: string };
  columns: Rec;
}

export interface EspoContext {
  meta: Metadata;
  users: EspoUser[];
  table(entity: string): Map<string, Rec>;
  joins: JoinRow[];
  /** The install's config, the same fields MAX reads of a real one (defaults: install.ts). */
  settings: CrmSettings;
  stream: StreamLog;
  now(): string;
  newId(): string;
  /** Called after a record is created (webhook queue). */
  afterCreate(entity: string, rec: Rec): void;
}

const userRec = (u: EspoUser): Rec => ({
  id: u.id,
  name: u.name ?? u.userName,
  userName: u.userName,
  type: u.type,
  deleted: false,
});

/** A live (not deleted) record, users included. */
export function findRecord(ctx: EspoContext, entity: string, id: unknown): Rec | undefined {
  if (typeof id !== 'string' || !id) return undefined;
  if (entity === 'User') {
    const u = ctx.users.find((x) => x.id === id);
    return u ? userRec(u) : undefined;
  }
  const r = ctx.table(entity).get(id);
  return r && !r.deleted ? r : undefined;
}

export function liveRecords(ctx: EspoContext, entity: string): Rec[] {
  if (entity === 'User') return ctx.users.map(userRec);
  return [...ctx.table(entity).values()].filter((r) => !r.deleted);
}

export const nameOf = (ctx: EspoContext, entity: unknown, id: unknown): string | null => {
  const r = typeof entity === 'string' ? findRecord(ctx, entity, id) : undefined;
  return r ? ((r.name as string | null | undefined) ?? null) : null;
};
