/** Layouts of a fresh EspoCRM 8.4 the stand-in serves (entity metadata lives in defs/). */
export type { FieldDef } from './defs/index.ts';

export function defaultLayouts(): Record<string, unknown> {
  return {
    'Lead/detail': [
      {
        label: 'Overview',
        rows: [
          [{ name: 'name' }, { name: 'accountName' }],
          [{ name: 'emailAddress' }, { name: 'phoneNumber' }],
          [{ name: 'title' }, { name: 'website' }],
          [{ name: 'address' }, false],
        ],
      },
      {
        label: 'Details',
        rows: [
          [{ name: 'status' }, { name: 'source' }],
          [{ name: 'opportunityAmount' }, { name: 'campaign' }],
          [{ name: 'industry' }, false],
          [{ name: 'description', fullWidth: true }],
        ],
      },
    ],
    'Lead/list': [
      { name: 'name', width: 30, link: true },
      { name: 'status', width: 15 },
      { name: 'emailAddress' },
      { name: 'assignedUser', width: 15 },
    ],
  };
}
