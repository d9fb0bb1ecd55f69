/** How EspoCRM 8.4 shapes users and roles (App/user, POST User, POST Role), as recorded. */
import type { EspoUser } from './auth.ts';
import type { Rec } from './records.ts';

const PERSON_NULLS = ['salutationName', 'firstName'] as const;

/** The `user` object of `GET App/user`: admins see their auth fields, API users do not. */
export function appUserObject(u: EspoUser, token: string | null | undefined): Rec {
  const isApi = u.type === 'api';
  const out: Rec = {
    id: u.id,
    name: u.name ?? u.userName,
    deleted: false,
    userName: u.userName,
    type: u.type,
    ...(isApi ? {} : { authMethod: null, apiKey: null }),
    ...Object.fromEntries(PERSON_NULLS.map((k) => [k, null])),
    lastName: u.lastName ?? u.userName,
    isActive: true,
    title: null,
    emailAddress: null,
    phoneNumber: null,
    // Basic auth creates no token: the key is then absent.
    ...(isApi || token === undefined ? {} : { token }),
    ipAddress: '127.0.0.1',
    avatarColor: null,
    ...(isApi ? {} : { gender: null }),
    createdAt: u.createdAt,
    modifiedAt: u.createdAt,
    ...(isApi ? {} : { auth2FA: null }),
    middleName: null,
    emailAddressIsOptedOut: null,
    emailAddressIsInvalid: null,
    phoneNumberIsOptedOut: null,
    phoneNumberIsInvalid: null,
    defaultTeamId: null,
    defaultTeamName: null,
    teamsIds: [],
    teamsNames: {},
    contactId: null,
    contactName: null,
    avatarId: null,
    avatarName: null,
    createdById: u.createdById,
    createdByName: u.createdByName,
    ...(isApi ? {} : { dashboardTemplateId: null, dashboardTemplateName: null }),
    workingTimeCalendarId: null,
    ...(isApi ? {} : { layoutSetId: null }),
    emailAddressList: [],
    userEmailAddressList: [],
    excludeFromReplyEmailAddressList: [],
  };
  return out;
}

const ACL_ACTIONS = { read: 'all', stream: 'all', edit: 'all', delete: 'all', create: 'yes' };

export function appUserBody(u: EspoUser, token: string | null | undefined, scopes: string[]): Rec {
  return {
    user: appUserObject(u, token),
    acl: {
      table: Object.fromEntries(scopes.map((e) => [e, ACL_ACTIONS])),
      fieldTable: {},
      assignmentPermission: 'all',
      userPermission: u.type === 'admin' ? 'all' : 'no',
      messagePermission: 'no',
      portalPermission: 'no',
      groupEmailAccountPermission: 'no',
      exportPermission: 'no',
      massUpdatePermission: 'no',
      followerManagementPermission: 'no',
      dataPrivacyPermission: 'no',
      auditPermission: 'no',
      mentionPermission: 'no',
      fieldTableQuickAccess: {},
    },
    preferences: { id: u.id, weekStart: -1, thousandSeparator: ',', decimalMark: '.' },
    token: token ?? null,
    settings: { applicationName: 'EspoCRM', version: '8.4.2', timeZone: 'UTC', language: 'en_US' },
    language: 'en_US',
    appParams: { maxUploadSize: 50, isRestrictedMode: false },
  };
}

/** `POST User` answer: an API user gets a generated key (and secret for HMAC); its name is the user name. */
export function userCreateBody(u: EspoUser, roles: Map<string, string>): Rec {
  const rolesIds = u.rolesIds ?? [];
  return {
    id: u.id,
    name: u.userName,
    deleted: false,
    userName: u.userName,
    type: u.type,
    authMethod: u.authMethod ?? null,
    apiKey: u.apiKey ?? null,
    ...(u.authMethod === 'Hmac' ? { secretKey: u.secretKey ?? null } : {}),
    lastName: u.lastName ?? u.userName,
    isActive: true,
    createdAt: u.createdAt,
    modifiedAt: u.createdAt,
    lastAccess: null,
    targetListIsOptedOut: false,
    emailAddressIsOptedOut: false,
    emailAddressIsInvalid: false,
    phoneNumberIsOptedOut: false,
    phoneNumberIsInvalid: false,
    emailAddressData: [],
    phoneNumberData: [],
    defaultTeamName: null,
    teamsIds: [],
    teamsNames: {},
    teamsColumns: {},
    rolesIds,
    rolesNames: Object.fromEntries(rolesIds.map((id) => [id, roles.get(id) ?? null])),
    portalsIds: [],
    portalsNames: {},
    portalRolesIds: [],
    portalRolesNames: {},
    contactName: null,
    accountsIds: [],
    accountsNames: {},
    avatarId: null,
    avatarName: null,
    createdById: u.createdById,
    createdByName: u.createdByName,
    dashboardTemplateName: null,
    workingTimeCalendarName: null,
    layoutSetName: null,
  };
}

const ROLE_PERMISSIONS = [
  'assignmentPermission',
  'userPermission',
  'messagePermission',
  'portalPermission',
  'groupEmailAccountPermission',
  'exportPermission',
  'massUpdatePermission',
  'dataPrivacyPermission',
  'followerManagementPermission',
  'auditPermission',
  'mentionPermission',
] as const;

/** `POST Role` answer: the permissions it stores (userCalendarPermission is not one in 8.4). */
export function roleCreateBody(id: string, body: Rec, at: string): Rec {
  return {
    id,
    name: body.name ?? null,
    deleted: false,
    ...Object.fromEntries(ROLE_PERMISSIONS.map((k) => [k, body[k] ?? 'not-set'])),
    data: body.data ?? {},
    fieldData: body.fieldData ?? {},
    createdAt: at,
    modifiedAt: at,
  };
}
