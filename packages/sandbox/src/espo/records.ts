/** How EspoCRM 8.4 shapes records in each answer (create, get/update, duplicates, list rows). */
export type Rec = Record<string, unknown>;

const LEAD_GET_KEYS = [
  'id',
  'name',
  'deleted',
  'salutationName',
  'firstName',
  'lastName',
  'title',
  'status',
  'source',
  'industry',
  'opportunityAmount',
  'website',
  'addressStreet',
  'addressCity',
  'addressState',
  'addressCountry',
  'addressPostalCode',
  'emailAddress',
  'phoneNumber',
  'doNotCall',
  'description',
  'convertedAt',
  'createdAt',
  'modifiedAt',
  'accountName',
  'middleName',
  'opportunityAmountCurrency',
  'emailAddressIsOptedOut',
  'emailAddressIsInvalid',
  'phoneNumberIsOptedOut',
  'phoneNumberIsInvalid',
  'opportunityAmountConverted',
  'createdById',
  'createdByName',
  'modifiedById',
  'modifiedByName',
  'assignedUserId',
  'assignedUserName',
  'campaignId',
  'campaignName',
  'createdAccountId',
  'createdAccountName',
  'createdContactId',
  'createdContactName',
  'createdOpportunityId',
  'createdOpportunityName',
];
const LEAD_EXTRA = [
  'emailAddressData',
  'phoneNumberData',
  'teamsIds',
  'teamsNames',
  'isFollowed',
  'followersIds',
  'followersNames',
];
const LEAD_CREATE_ALWAYS = [
  'id',
  'deleted',
  'status',
  'doNotCall',
  'createdAt',
  'modifiedAt',
  'targetListIsOptedOut',
  'emailAddressIsOptedOut',
  'emailAddressIsInvalid',
  'phoneNumberIsOptedOut',
  'phoneNumberIsInvalid',
  'emailAddressData',
  'phoneNumberData',
  'createdById',
  'createdByName',
  'modifiedByName',
  'assignedUserName',
  'teamsIds',
  'teamsNames',
  'campaignName',
  'createdAccountName',
  'createdContactName',
  'createdOpportunityName',
  'isFollowed',
  'followersIds',
  'followersNames',
];
const LIST_ALWAYS = [
  'id',
  'name',
  'emailAddress',
  'phoneNumber',
  'createdAt',
  'accountName',
  'createdById',
  'assignedUserId',
];
const NOTE_KEYS = [
  'id',
  'deleted',
  'post',
  'data',
  'type',
  'isInternal',
  'createdAt',
  'modifiedAt',
  'parentId',
  'parentType',
  'parentName',
  'relatedName',
  'attachmentsIds',
  'attachmentsNames',
  'createdById',
  'createdByName',
  'modifiedByName',
  'attachmentsTypes',
];
const TASK_KEYS = [
  'id',
  'name',
  'deleted',
  'status',
  'priority',
  'dateEnd',
  'dateCompleted',
  'isOverdue',
  'reminders',
  'description',
  'createdAt',
  'modifiedAt',
  'parentId',
  'parentType',
  'parentName',
  'accountId',
  'accountName',
  'contactId',
  'contactName',
  'createdById',
  'createdByName',
  'modifiedByName',
  'assignedUserId',
  'assignedUserName',
  'teamsIds',
  'teamsNames',
  'attachmentsIds',
  'attachmentsNames',
  'isFollowed',
  'followersIds',
  'followersNames',
  'attachmentsTypes',
];

const customKeys = (r: Rec) => Object.keys(r).filter((k) => /^c[A-Z]/.test(k));

/** Stored address lists (after a merge a record can have several), with EspoCRM's `lower` on e-mails. */
export function storedData(r: Rec, field: 'emailAddress' | 'phoneNumber'): Rec[] | null {
  const data = r[`${field}Data`];
  if (!Array.isArray(data) || !data.length) return null;
  return (data as Rec[]).map((d) =>
    field === 'emailAddress'
      ? {
          emailAddress: d.emailAddress,
          lower: String(d.emailAddress).toLowerCase(),
          primary: !!d.primary,
          optOut: !!d.optOut,
          invalid: !!d.invalid,
        }
      : {
          phoneNumber: d.phoneNumber,
          primary: !!d.primary,
          type: d.type ?? 'Mobile',
          optOut: !!d.optOut,
          invalid: !!d.invalid,
        },
  );
}

function extras(r: Rec): Rec {
  return {
    emailAddressData:
      storedData(r, 'emailAddress') ??
      (r.emailAddress
        ? [
            {
              emailAddress: r.emailAddress,
              lower: String(r.emailAddress).toLowerCase(),
              primary: true,
              optOut: false,
              invalid: false,
            },
          ]
        : []),
    phoneNumberData:
      storedData(r, 'phoneNumber') ??
      (r.phoneNumber
        ? [{ phoneNumber: r.phoneNumber, primary: true, type: 'Mobile', optOut: false, invalid: false }]
        : []),
    teamsIds: [],
    teamsNames: {},
    isFollowed: false,
    followersIds: [],
    followersNames: {},
    targetListIsOptedOut: false,
  };
}

const pick = (r: Rec, keys: string[]) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null]));

export function shapeGet(entity: string, r: Rec): Rec {
  if (entity === 'Lead')
    return { ...pick(r, LEAD_GET_KEYS), ...pick(r, customKeys(r)), ...pick(extras(r), LEAD_EXTRA) };
  if (entity === 'Note')
    return pick({ ...r, attachmentsIds: [], attachmentsNames: {}, attachmentsTypes: {} }, NOTE_KEYS);
  if (entity === 'Task')
    return pick(
      {
        ...r,
        reminders: [],
        teamsIds: [],
        teamsNames: {},
        attachmentsIds: [],
        attachmentsNames: {},
        attachmentsTypes: {},
        isFollowed: r.isFollowed ?? false,
        followersIds: r.followersIds ?? [],
        followersNames: r.followersNames ?? {},
      },
      TASK_KEYS,
    );
  return { ...r };
}

/** A create answer carries what was set plus a fixed set of computed attributes. */
export function shapeCreate(entity: string, r: Rec, provided: string[], customFields: string[] = []): Rec {
  if (entity !== 'Lead') return shapeGet(entity, r);
  const keys = new Set([
    ...LEAD_CREATE_ALWAYS,
    ...provided.filter((k) => r[k] !== undefined && r[k] !== null),
    ...customFields,
  ]);
  if (r.name) keys.add('name');
  // The create answer reports the email/phone flags as false even when there is no phone.
  const all: Rec = { ...r, ...extras(r), phoneNumberIsOptedOut: false, phoneNumberIsInvalid: false };
  return Object.fromEntries([...keys].map((k) => [k, all[k] ?? null]));
}

export const shapeDuplicate = (r: Rec): Rec => ({ ...pick(r, LEAD_GET_KEYS), ...pick(r, customKeys(r)) });

export function shapeListRow(entity: string, r: Rec, select: string[] | null, orderBy: string | null): Rec {
  if (!select) return entity === 'Lead' ? shapeDuplicate(r) : shapeGet(entity, r);
  const keys = new Set([...LIST_ALWAYS, ...select, ...(orderBy ? [orderBy] : [])]);
  const row: Rec = Object.fromEntries([...keys].map((k) => [k, r[k] ?? null]));
  // The computed name only uses the name parts that were selected.
  if (entity === 'Lead' && select.includes('lastName') && !select.includes('firstName'))
    row.name = r.lastName ?? null;
  return row;
}

export function fullName(first: unknown, last: unknown): string | null {
  const n = [first, last].filter((x) => typeof x === 'string' && x.length > 0).join(' ');
  return n || null;
}
