import { emailAttempt, phoneAttempt } from '../extract.ts';
import { cleanName } from '../names.ts';

// The value as typed, valid or not: the update tools check e-mails and phones and the reply names a wrong one.
const PHONE_VALUE = /^\+?[\d\s.()/-]{1,40}$/;

/** A contact or account value as written (e-mails and phones as typed: the tool checks them). */
export function fieldValue(field: string, raw: string): string | null {
  if (field === 'emailAddress') return emailAttempt(raw) ?? null;
  if (field === 'phoneNumber') {
    const typed = raw.trim().replace(/[.!?]+$/, '');
    return PHONE_VALUE.test(typed) && /\d/.test(typed) ? typed : (phoneAttempt(raw) ?? null);
  }
  if (field === 'website')
    return /^(?:https?:\/\/)?[\w.-]+\.[a-z]{2,}(?:\/\S*)?$/i.test(raw.trim()) ? raw.trim() : null;
  const v = cleanName(raw);
  return v && v.length <= 200 ? v : null;
}
