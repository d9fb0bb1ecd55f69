import { checkPhone } from '../../crm/phone.ts';
import type { CrmRecord } from '../../crm/port.ts';

/**
 * WhatsApp consent, kept on the person's own CRM record (Lead or Contact, infra/scaleway-espocrm's
 * custom metadata): "Granted" (set by the team, or by the person's own START), "Opted out" (the
 * person's STOP: only the person can undo it), or empty (never recorded: MAX does not write).
 */
export const CONSENT_FIELD = 'cWhatsappConsent';
export const CONSENT = { granted: 'Granted', optedOut: 'Opted out', none: '' } as const;
export type ConsentState = 'granted' | 'opted_out' | 'none';

/** The entities whose records MAX may message (people with a phone and a stream). */
export const PERSON_ENTITIES = ['Lead', 'Contact'] as const;

export function consentOf(r: CrmRecord): ConsentState {
  const v = r[CONSENT_FIELD];
  if (v === CONSENT.granted) return 'granted';
  if (v === CONSENT.optedOut) return 'opted_out';
  return 'none';
}

/** The WhatsApp chat id of a record's phone (read in the tenant's country), or null when it has none valid. */
export function chatIdOfPhone(phone: unknown, region: string | null): string | null {
  if (typeof phone !== 'string' || !phone.trim()) return null;
  const checked = checkPhone(phone, region);
  return checked.ok ? `${checked.e164.slice(1)}@c.us` : null;
}

/** The E.164 number of a chat id ("33612345678@c.us" → "+33612345678"). */
export const phoneOfChatId = (chatId: string) => `+${chatId.replace(/@.*$/, '')}`;
