/** Field definitions EspoCRM 8.4 record entities repeat (audit fields, assignment, address, a person's name…). */
import type { FieldDef } from './types.ts';

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

/** A person's name (Contact, Lead): the personName field and the three it is made of. */
export const personNameFields = (lastNameRequired: boolean): Record<string, FieldDef> => ({
  name: { type: 'personName', isPersonalData: true },
  salutationName: { type: 'enum', options: SALUTATIONS },
  firstName: { type: 'varchar', maxLength: 100 },
  lastName: { type: 'varchar', maxLength: 100, ...(lastNameRequired ? { required: true } : {}) },
});

/** How a person (Contact, Lead) is reached: e-mail, phone (mobile first) and the do-not-call flag. */
export const personReachFields = (): Record<string, FieldDef> => ({
  emailAddress: { type: 'email', isPersonalData: true },
  phoneNumber: {
    type: 'phone',
    typeList: ['Mobile', 'Office', 'Home', 'Fax', 'Other'],
    defaultType: 'Mobile',
    isPersonalData: true,
  },
  doNotCall: { type: 'bool' },
});

/** A status enum (Lead, Call, Meeting, Task): its options, default and colours, changes audited. */
export const statusField = (options: string[], initial: string, style: Record<string, string>): FieldDef => ({
  type: 'enum',
  options,
  default: initial,
  style,
  audited: true,
});
