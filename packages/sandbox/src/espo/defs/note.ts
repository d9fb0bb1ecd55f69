/** Note (stream posts and system notes) as EspoCRM 8.4.2 defines it (Resources/metadata/entityDefs/Note.json). */
import type { EntityDefs, ScopeDefs } from './types.ts';

export function noteDefs(): EntityDefs {
  return {
    fields: {
      post: { type: 'text', rows: 30 },
      data: { type: 'jsonObject', readOnly: true },
      type: {
        type: 'enum',
        options: [
          'Post',
          'Create',
          'CreateRelated',
          'Update',
          'Status',
          'Assign',
          'Relate',
          'Unrelate',
          'EmailReceived',
          'EmailSent',
        ],
        default: 'Post',
        maxLength: 24,
        readOnly: true,
      },
      targetType: { type: 'enum', options: ['self', 'all', 'teams', 'users', 'portals'], maxLength: 7 },
      parent: { type: 'linkParent' },
      related: { type: 'linkParent', readOnly: true },
      attachments: { type: 'attachmentMultiple' },
      number: { type: 'autoincrement', readOnly: true },
      teams: { type: 'linkMultiple', noLoad: true },
      users: { type: 'linkMultiple', noLoad: true },
      isGlobal: { type: 'bool' },
      isInternal: { type: 'bool' },
      isPinned: { type: 'bool', readOnly: true },
      createdAt: { type: 'datetime', readOnly: true },
      modifiedAt: { type: 'datetime', readOnly: true },
      createdBy: { type: 'link', readOnly: true },
      modifiedBy: { type: 'link', readOnly: true },
    },
    links: {
      createdBy: { type: 'belongsTo', entity: 'User' },
      modifiedBy: { type: 'belongsTo', entity: 'User' },
      parent: { type: 'belongsToParent', foreign: 'notes' },
      related: { type: 'belongsToParent' },
      teams: { type: 'hasMany', entity: 'Team', foreign: 'notes' },
      users: { type: 'hasMany', entity: 'User', foreign: 'notes' },
    },
    collection: { orderBy: 'number', order: 'desc', textFilterFields: ['post'] },
  };
}

export const noteScope = (): ScopeDefs => ({
  entity: true,
  layouts: false,
  tab: false,
  acl: false,
  customizable: true,
});
