/** Field and link definitions every EspoCRM 8.4 record entity repeats (audit fields, assignment, teams). */
import type { FieldDef, LinkDef } from './types.ts';

export const auditFields = (): Record<string, FieldDef> => ({
  createdAt: { type: 'datetime', readOnly: true },
  modifiedAt: { type: 'datetime', readOnly: true },
  createdBy: { type: 'link', readOnly: true, view: 'views/fields/user' },
  modifiedBy: { type: 'link', readOnly: true, view: 'views/fields/user' },
});

export const assignmentFields = (assignedRequired = false): Record<string, FieldDef> => ({
  assignedUser: {
    type: 'link',
    ...(assignedRequired ? { required: true } : {}),
    view: 'views/fields/assigned-user',
  },
  teams: { type: 'linkMultiple', view: 'views/fields/teams' },
});

export const auditLinks = (): Record<string, LinkDef> => ({
  createdBy: { type: 'belongsTo', entity: 'User' },
  modifiedBy: { type: 'belongsTo', entity: 'User' },
  assignedUser: { type: 'belongsTo', entity: 'User' },
  teams: { type: 'hasMany', entity: 'Team', relationName: 'entityTeam', layoutRelationshipsDisabled: true },
});

/** EspoCRM's `address` field and the five varchar/text fields it is made of. */
export function addressFields(name: string): Record<string, FieldDef> {
  return {
    [name]: { type: 'address' },
    [`${name}Street`]: { type: 'text', maxLength: 255, dbType: 'varchar' },
    [`${name}City`]: { type: 'varchar' },
    [`${name}State`]: { type: 'varchar' },
    [`${name}Country`]: { type: 'varchar' },
    [`${name}PostalCode`]: { type: 'varchar' },
  };
}

export const SALUTATIONS = ['', 'Mr.', 'Ms.', 'Mrs.', 'Dr.'];
