import type { Key } from './i18n.ts';
import type { FieldSpec } from './wizard-field.tsx';

/** The wizard's steps, in order: one per part of the provisioning API. */
export const STEPS: Key[] = [
  'stepTenant',
  'stepCrm',
  'stepWhatsapp',
  'stepWebhook',
  'stepTeam',
  'stepActivate',
];

/** What each step's submit button says. */
export const SUBMIT_LABEL: Key[] = [
  'createTenant',
  'saveAndCheck',
  'saveAndCheck',
  'next',
  'add',
  'activate',
];

// Secrets are optional: a step may be re-checked without typing them again.
const secret = (id: string, key: FieldSpec['key'], label: Key): FieldSpec => ({
  id,
  key,
  label,
  type: 'password',
  required: false,
});

/** The fields each step asks for, in page order (steps 3 and 5 have none). */
export const STEP_FIELDS: Record<number, FieldSpec[]> = {
  0: [
    { id: 'w-id', key: 'id', label: 'tenantId', pattern: '[a-z0-9][a-z0-9\\-]{1,62}' },
    { id: 'w-name', key: 'name', label: 'name' },
    {
      id: 'w-locale',
      key: 'locale',
      label: 'language',
      options: () => [
        ['fr', 'Français'],
        ['en', 'English'],
      ],
    },
    { id: 'w-country', key: 'country', label: 'country', pattern: '[A-Za-z]{2}' },
    { id: 'w-crm-url', key: 'crmBaseUrl', label: 'crmUrl', type: 'url' },
    { id: 'w-instance', key: 'idInstance', label: 'idInstance', pattern: '[0-9]{4,20}' },
    { id: 'w-green-url', key: 'greenApiUrl', label: 'greenApiUrl', type: 'url' },
  ],
  1: [
    secret('w-crm-key', 'crmApiKey', 'crmApiKey'),
    { id: 'w-crm-public', key: 'crmPublicUrl', label: 'crmPublicUrl', type: 'url', required: false },
  ],
  2: [secret('w-green-token', 'greenToken', 'greenToken')],
  4: [
    { id: 'w-phone', key: 'phone', label: 'phone', type: 'tel', pattern: '\\+?[0-9 ().\\-]{5,30}' },
    {
      id: 'w-phone-role',
      key: 'phoneRole',
      label: 'role',
      options: (t) => [
        ['admin', t('roleAdmin')],
        ['member', t('roleMember')],
      ],
    },
  ],
};
