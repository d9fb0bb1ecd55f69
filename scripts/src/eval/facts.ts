import { localDateTime } from './match.ts';
import { type AuditCall, type CaseObservation, type RecordView, recordKey } from './observation.ts';

/** What one call is seen to have done, per argument: the values the CRM (or memory) now holds. */
export interface CallFacts {
  /** The record the call acted on (the created one, the updated one, the note's parent…). */
  primary: RecordView | null;
  /** Values per argument; identity arguments (target, account…) list a record's names. */
  values: Record<string, unknown[]>;
  /** Arguments that name a record: a mismatch there means the call hit another record. */
  identity: Set<string>;
}

type Summary = { id?: string; entity?: string; name?: string | null; emailAddress?: string | null };

const IDENTITY_ARGS = ['target', 'for', 'record', 'to', 'account', 'contact'];

function names(r: RecordView | null, fallback?: Summary): unknown[] {
  const a = r?.attrs ?? {};
  const person = [a.firstName, a.lastName].filter(Boolean).join(' ');
  return [
    a.name,
    person,
    a.emailAddress,
    a.phoneNumber,
    r?.id,
    fallback?.name,
    fallback?.emailAddress,
    fallback?.id,
  ].filter((v) => v !== undefined && v !== null && v !== '');
}

const CHILD_IDS: Array<[string, string]> = [
  ['noteId', 'Note'],
  ['taskId', 'Task'],
  ['callId', 'Call'],
  ['meetingId', 'Meeting'],
];

/** The call's records as the CRM has them after the case (the outcome's summary when gone). */
export function callFacts(call: AuditCall, o: CaseObservation): CallFacts {
  const out = (call.outcome ?? {}) as {
    entity?: string;
    records?: Summary[];
    detail?: Record<string, unknown>;
  };
  const read = (entity: string | undefined, id: string | undefined) =>
    entity && id ? (o.records.get(recordKey(entity, id)) ?? null) : null;
  const summaries = out.records ?? [];
  const entityOf = (s: Summary | undefined) => s?.entity ?? out.entity ?? 'Lead';
  const primary =
    read(entityOf(summaries[0]), summaries[0]?.id) ??
    read(call.targetEntity ?? undefined, call.targetId ?? undefined);
  const second = read(entityOf(summaries[1]), summaries[1]?.id);
  const detail = out.detail ?? {};
  const childEntry = CHILD_IDS.find(([k]) => typeof detail[k] === 'string');
  const child = childEntry ? read(childEntry[1], String(detail[childEntry[0]])) : null;
  const values: Record<string, unknown[]> = {};
  const put = (k: string, ...v: unknown[]) => {
    values[k] = [...(values[k] ?? []), ...v.filter((x) => x !== undefined && x !== null)];
  };
  // Every attribute of the record, by its own name, then the per-tool meanings below.
  for (const [k, v] of Object.entries(primary?.attrs ?? {})) put(k, v);
  put('target', ...names(primary, summaries[0]));
  put('record', ...names(primary, summaries[0]));
  put('entity', primary?.entity, summaries[0]?.entity);
  put('currency', primary?.attrs.amountCurrency);
  put('account', primary?.attrs.accountName);
  put(
    'contact',
    primary?.attrs.contactName,
    ...Object.values((primary?.attrs.contactsNames as object) ?? {}),
  );
  put('for', primary?.attrs.accountName, primary?.attrs.leadName);
  if (second) {
    put('to', ...names(second, summaries[1]));
    put('toType', second.entity);
    put('recordType', primary?.entity);
  }
  if (child) {
    // The note, task, call or meeting itself: its own values, not its parent's.
    const at = (k: string) => localDateTime(String(child.attrs[k] ?? ''), o.timeZone);
    const set = (k: string, ...v: unknown[]) => {
      values[k] = [];
      put(k, ...v);
    };
    set('text', child.attrs.post, child.attrs.description);
    set('name', child.attrs.name);
    set('subject', child.attrs.name);
    set('description', child.attrs.description);
    set('priority', child.attrs.priority);
    set('dueDate', at('dateEnd')?.date, child.attrs.dateEndDate);
    set('dueTime', at('dateEnd')?.time);
    set('date', at('dateStart')?.date, child.attrs.dateStartDate);
    set('time', at('dateStart')?.time);
    set('minutes', typeof child.attrs.duration === 'number' ? child.attrs.duration / 60 : undefined);
    set('inbound', child.attrs.direction === 'Inbound');
  }
  // A conversion: the amount, currency and close date are the new opportunity's.
  const made = (detail.created ?? {}) as Record<string, string>;
  const deal = read('Opportunity', made.Opportunity);
  if (deal) {
    put('amount', deal.attrs.amount);
    put('currency', deal.attrs.amountCurrency);
    put('closeDate', deal.attrs.closeDate);
  }
  memoryFacts(call.outcome, put);
  return { primary, values, identity: new Set(IDENTITY_ARGS) };
}

/**
 * remember / forget / set_my_preferences: what the call's stored outcome changed (the commit applies
 * exactly that): keys set with their values, keys removed, the sender's name and language.
 */
function memoryFacts(outcome: AuditCall['outcome'], put: (k: string, ...v: unknown[]) => void) {
  const memory = (outcome?.memory ?? {}) as { set?: Record<string, string>; delete?: string[] };
  for (const [key, value] of Object.entries(memory.set ?? {})) {
    const [kind, ...rest] = key.split('.');
    put('kind', kind);
    put('field', rest.join('.'), rest.at(-1));
    put('value', value);
  }
  for (const key of memory.delete ?? []) put('what', key, key.split('.')[0]);
  const sender = (outcome?.sender ?? {}) as { name?: string | null; language?: string | null };
  if ('name' in sender) put('name', sender.name);
  if ('language' in sender) put('language', sender.language);
}
