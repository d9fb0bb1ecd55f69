/**
 * Phone numbers with libphonenumber-js, `max` metadata (~155 kB of JSON, against ~80 kB for `min`):
 * only `max` checks the digits themselves, `min` validates by length alone and would accept numbers
 * no operator issues. The size is paid once, by the agent function, the only deployable that loads
 * this file (the Worker imports core's ingress/queue/shared/auth entry points, never crm/).
 */
import {
  type CountryCode,
  getCountries,
  isSupportedCountry,
  type PhoneNumber,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import { AppError } from '../shared/errors.ts';

/** Why a number was refused; replies explain each one. */
export type PhoneProblem =
  | 'not_a_number'
  | 'too_short'
  | 'too_long'
  | 'invalid_length'
  | 'invalid_country'
  | 'needs_country_code'
  | 'invalid';

export type PhoneCheck = { ok: true; e164: string } | { ok: false; problem: PhoneProblem };

/** Digits with the separators people type: no letters, no markup, bounded. */
const PHONE_CHARS = /^\+?[\d\s.()\-/]{1,40}$/;

/** Region codes libphonenumber-js knows (ISO 3166-1 alpha-2 plus a few like AC, TA, XK), uppercase. */
export function supportedRegions(): string[] {
  return getCountries().slice();
}

/** True for an uppercase region code libphonenumber-js supports ("FR"); false for "fr", "ZZ", "UK". */
export function isSupportedRegion(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** A tenant country that cannot be used is a configuration error, never a silent fallback. */
export function assertSupportedRegion(code: string): void {
  if (!isSupportedRegion(code))
    throw new AppError('bad_request', 'The tenant default country is not a supported region code', {
      retryable: false,
      details: { kind: 'config', field: 'defaultCountry', value: code.slice(0, 8) },
    });
}

/**
 * Checks a typed number and gives it in E.164 (`06 12 34 56 78` with FR → `+33612345678`).
 * Numbers without `+`/`00` are read in `region`; without a region only international ones pass.
 */
export function checkPhone(input: string, region?: string | null): PhoneCheck {
  if (region) assertSupportedRegion(region);
  const text = input.trim();
  if (!PHONE_CHARS.test(text) || !/\d/.test(text)) return { ok: false, problem: 'not_a_number' };
  const digits = text.replace(/\D/g, '');
  const international = text.startsWith('+') || digits.startsWith('00');
  if (!international && !region) return { ok: false, problem: 'needs_country_code' };
  // "0033 6…" is "+33 6…": libphonenumber reads 00 only with a region whose exit code it is.
  const normalized = !text.startsWith('+') && digits.startsWith('00') ? `+${digits.slice(2)}` : text;
  // extract: false — the whole text must be the number, nothing is picked out of a sentence.
  const options = { ...(region ? { defaultCountry: region as CountryCode } : {}), extract: false };
  let parsed: PhoneNumber;
  try {
    parsed = parsePhoneNumberWithError(normalized, options);
  } catch (e) {
    const m = (e as Error)?.message;
    if (m === 'INVALID_COUNTRY') return { ok: false, problem: 'invalid_country' };
    if (m === 'TOO_SHORT') return { ok: false, problem: 'too_short' };
    if (m === 'TOO_LONG') return { ok: false, problem: 'too_long' };
    return { ok: false, problem: 'not_a_number' };
  }
  if (parsed.isValid()) return { ok: true, e164: parsed.number };
  const length = validatePhoneNumberLength(normalized, options);
  if (length === 'TOO_SHORT') return { ok: false, problem: 'too_short' };
  if (length === 'TOO_LONG') return { ok: false, problem: 'too_long' };
  if (length === 'INVALID_LENGTH') return { ok: false, problem: 'invalid_length' };
  return { ok: false, problem: 'invalid' };
}

/** E.164, or null when the number is not a valid one (see `checkPhone` for why). */
export function normalizePhone(input: string, region?: string | null): string | null {
  const r = checkPhone(input, region);
  return r.ok ? r.e164 : null;
}
