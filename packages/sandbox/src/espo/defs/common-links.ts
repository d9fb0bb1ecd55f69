/** Link definitions EspoCRM 8.4 record entities repeat (audit links, activities, marketing). */
import type { LinkDef } from './types.ts';

export const auditLinks = (): Record<string, LinkDef> => ({
  createdBy: { type: 'belongsTo', entity: 'User' },
  modifiedBy: { type: 'belongsTo', entity: 'User' },
  assignedUser: { type: 'belongsTo', entity: 'User' },
  teams: { type: 'hasMany', entity: 'Team', relationName: 'entityTeam', layoutRelationshipsDisabled: true },
});

/** Activities whose parent is the record (Meeting, Call, Task, Email): `hasChildren` through `parent`. */
export const childrenLink = (entity: string, audited = false): LinkDef => ({
  type: 'hasChildren',
  entity,
  foreign: 'parent',
  ...(audited ? { audited: true } : {}),
});

/**
 * `<entities>Primary`: the records whose primary link (`foreign`) points here, not shown in the
 * relationship panels (Account's contactsPrimary, meetingsPrimary…).
 */
export function primaryLinks(foreign: string, ...entities: string[]): Record<string, LinkDef> {
  return Object.fromEntries(
    entities.map((entity) => [
      `${entity.toLowerCase()}sPrimary`,
      { type: 'hasMany', entity, foreign, layoutRelationshipsDisabled: true },
    ]),
  );
}

/** The campaign the record came from and the target lists it is on, `foreign` being its name there. */
export const marketingLinks = (foreign: string): Record<string, LinkDef> => ({
  campaign: { type: 'belongsTo', entity: 'Campaign', foreign },
  targetLists: { type: 'hasMany', entity: 'TargetList', foreign },
});

/** A person's side of a Meeting's or Call's attendees: the acceptance status is the middle column. */
export const attendanceLink = (entity: 'Meeting' | 'Call', foreign: string): LinkDef => ({
  type: 'hasMany',
  entity,
  foreign,
  columnAttributeMap: { status: 'acceptanceStatus' },
});
