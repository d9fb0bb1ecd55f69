/**
 * Call, Meeting and Task as EspoCRM 8.4.2 defines them (Crm/Resources/metadata/entityDefs/{Call,Meeting,Task}.json
 * and scopes). `duration` is computed by the server from dateStart/dateEnd; it never sets dateEnd.
 */
import { assignmentFields, auditFields, statusField } from './common-fields.ts';
import { auditLinks } from './common-links.ts';
import { crmScopeHead, newestFirst } from './common-scope.ts';
import {
  ACCEPTANCE_STATUSES,
  EVENT_PARENTS,
  EVENT_STATUSES,
  TASK_PARENTS,
  TASK_PRIORITIES,
  TASK_STATUSES,
} from './options.ts';
import type { EntityDefs, FieldDef, LinkDef, ScopeDefs } from './types.ts';

const ATTENDEE_COLUMNS = { status: { type: 'varchar', len: '36', default: 'None' } };

function attendeeFields(): Record<string, FieldDef> {
  const field = (): FieldDef => ({
    type: 'linkMultiple',
    columns: { status: 'acceptanceStatus' },
    additionalAttributeList: ['columns'],
    orderBy: 'name',
  });
  return { users: field(), contacts: field(), leads: field() };
}

function attendeeLinks(entity: 'Call' | 'Meeting'): Record<string, LinkDef> {
  const foreign = entity === 'Call' ? 'calls' : 'meetings';
  const link = (target: string): LinkDef => ({
    type: 'hasMany',
    entity: target,
    foreign,
    additionalColumns: ATTENDEE_COLUMNS,
    columnAttributeMap: { status: 'acceptanceStatus' },
  });
  return { users: link('User'), contacts: link('Contact'), leads: link('Lead') };
}

function eventDefs(entity: 'Call' | 'Meeting'): EntityDefs {
  const isCall = entity === 'Call';
  const dateType = isCall ? 'datetime' : 'datetimeOptional';
  return {
    fields: {
      name: { type: 'varchar', required: true, pattern: '$noBadCharacters' },
      status: statusField(EVENT_STATUSES, 'Planned', { Held: 'success', 'Not Held': 'info' }),
      dateStart: {
        type: dateType,
        required: true,
        default: 'javascript: return this.dateTime.getNow(15);',
        audited: true,
      },
      dateEnd: { type: dateType, required: true, after: 'dateStart', afterOrEqual: true },
      ...(isCall ? {} : { isAllDay: { type: 'bool', layoutListDisabled: true } }),
      duration: {
        type: 'duration',
        start: 'dateStart',
        end: 'dateEnd',
        options: isCall ? [300, 600, 900, 1800, 2700, 3600, 7200] : [900, 1800, 3600, 7200, 10800, 86400],
        default: isCall ? 300 : 3600,
        notStorable: true,
      },
      reminders: { type: 'jsonArray', notStorable: true },
      ...(isCall
        ? { direction: { type: 'enum', options: ['Outbound', 'Inbound'], default: 'Outbound' } }
        : {}),
      description: { type: 'text' },
      parent: { type: 'linkParent', entityList: EVENT_PARENTS },
      account: { type: 'link', readOnly: true },
      acceptanceStatus: { type: 'enum', notStorable: true, options: ACCEPTANCE_STATUSES },
      ...attendeeFields(),
      ...auditFields(),
      ...assignmentFields(true),
    },
    links: {
      account: { type: 'belongsTo', entity: 'Account' },
      ...auditLinks(),
      ...attendeeLinks(entity),
      parent: { type: 'belongsToParent', foreign: isCall ? 'calls' : 'meetings' },
    },
    collection: { orderBy: 'dateStart', order: 'desc' },
  };
}

export const callDefs = (): EntityDefs => eventDefs('Call');
export const meetingDefs = (): EntityDefs => eventDefs('Meeting');

export function taskDefs(): EntityDefs {
  return {
    fields: {
      name: { type: 'varchar', required: true, pattern: '$noBadCharacters' },
      status: statusField(TASK_STATUSES, 'Not Started', {
        Completed: 'success',
        Started: 'primary',
        Canceled: 'info',
      }),
      priority: { type: 'enum', options: TASK_PRIORITIES, default: 'Normal', audited: true },
      dateStart: { type: 'datetimeOptional', before: 'dateEnd' },
      dateEnd: { type: 'datetimeOptional', after: 'dateStart', audited: true },
      dateCompleted: { type: 'datetime', readOnly: true },
      isOverdue: { type: 'bool', readOnly: true, notStorable: true, utility: true },
      reminders: { type: 'jsonArray', notStorable: true },
      description: { type: 'text' },
      parent: { type: 'linkParent', entityList: TASK_PARENTS },
      account: { type: 'link', readOnly: true },
      contact: { type: 'link', readOnly: true },
      ...auditFields(),
      ...assignmentFields(true),
      attachments: { type: 'attachmentMultiple', sourceList: ['Document'] },
    },
    links: {
      ...auditLinks(),
      assignedUser: { type: 'belongsTo', entity: 'User', foreign: 'tasks' },
      parent: { type: 'belongsToParent', foreign: 'tasks' },
      account: { type: 'belongsTo', entity: 'Account' },
      contact: { type: 'belongsTo', entity: 'Contact' },
      email: { type: 'belongsTo', entity: 'Email', foreign: 'tasks', noForeignName: true },
    },
    collection: newestFirst(),
  };
}

const activityScope = (entity: 'Call' | 'Meeting' | 'Task'): ScopeDefs => ({
  ...crmScopeHead(),
  importable: true,
  notifications: true,
  calendar: true,
  object: true,
  ...(entity === 'Call' ? {} : { stream: true }),
  ...(entity === 'Task'
    ? {
        activityStatusList: ['Not Started', 'Started'],
        historyStatusList: ['Completed'],
        completedStatusList: ['Completed'],
        canceledStatusList: ['Canceled'],
      }
    : {
        activity: true,
        activityStatusList: ['Planned'],
        historyStatusList: ['Held', 'Not Held'],
        completedStatusList: ['Held'],
        canceledStatusList: ['Not Held'],
      }),
  statusField: 'status',
  statusFieldLocked: true,
});

export const callScope = (): ScopeDefs => activityScope('Call');
export const meetingScope = (): ScopeDefs => activityScope('Meeting');
export const taskScope = (): ScopeDefs => activityScope('Task');
