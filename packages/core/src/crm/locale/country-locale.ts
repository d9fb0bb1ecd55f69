import type { Locale } from '../../store/types.ts';

/**
 * The currency and main time zone of the countries MAX's tenants are in (ISO 3166 alpha-2 →
 * ISO 4217, IANA). Intl knows neither mapping, hence this table; every currency here is one
 * EspoCRM 8.4.2 lists (`app.currency.list`), which the real-EspoCRM suite checks.
 */
const COUNTRIES: Record<string, { currency: string; timeZone: string }> = {
  FR: { currency: 'EUR', timeZone: 'Europe/Paris' },
  MC: { currency: 'EUR', timeZone: 'Europe/Monaco' },
  BE: { currency: 'EUR', timeZone: 'Europe/Brussels' },
  LU: { currency: 'EUR', timeZone: 'Europe/Luxembourg' },
  DE: { currency: 'EUR', timeZone: 'Europe/Berlin' },
  AT: { currency: 'EUR', timeZone: 'Europe/Vienna' },
  NL: { currency: 'EUR', timeZone: 'Europe/Amsterdam' },
  ES: { currency: 'EUR', timeZone: 'Europe/Madrid' },
  PT: { currency: 'EUR', timeZone: 'Europe/Lisbon' },
  IT: { currency: 'EUR', timeZone: 'Europe/Rome' },
  IE: { currency: 'EUR', timeZone: 'Europe/Dublin' },
  FI: { currency: 'EUR', timeZone: 'Europe/Helsinki' },
  GR: { currency: 'EUR', timeZone: 'Europe/Athens' },
  GP: { currency: 'EUR', timeZone: 'America/Guadeloupe' },
  MQ: { currency: 'EUR', timeZone: 'America/Martinique' },
  GF: { currency: 'EUR', timeZone: 'America/Cayenne' },
  RE: { currency: 'EUR', timeZone: 'Indian/Reunion' },
  YT: { currency: 'EUR', timeZone: 'Indian/Mayotte' },
  CH: { currency: 'CHF', timeZone: 'Europe/Zurich' },
  GB: { currency: 'GBP', timeZone: 'Europe/London' },
  US: { currency: 'USD', timeZone: 'America/New_York' },
  CA: { currency: 'CAD', timeZone: 'America/Toronto' },
  AU: { currency: 'AUD', timeZone: 'Australia/Sydney' },
  NZ: { currency: 'NZD', timeZone: 'Pacific/Auckland' },
  ZA: { currency: 'ZAR', timeZone: 'Africa/Johannesburg' },
  MA: { currency: 'MAD', timeZone: 'Africa/Casablanca' },
  TN: { currency: 'TND', timeZone: 'Africa/Tunis' },
  DZ: { currency: 'DZD', timeZone: 'Africa/Algiers' },
};

/** Where English is written the British way (EspoCRM ships en_GB and en_US). */
const BRITISH_ENGLISH = new Set(['GB', 'IE', 'AU', 'NZ', 'ZA', 'MT', 'CY']);

/** What a tenant's CRM should use; `currency` is null for a country the table does not know. */
export interface CrmLocaleTarget {
  currency: string | null;
  timeZone: string;
  language: string;
}

/** The main time zone of a country, when the table knows it (the tenant CLI's default). */
export const countryTimeZone = (country: string): string | null =>
  COUNTRIES[country.toUpperCase()]?.timeZone ?? null;

/**
 * The CRM's locale for a tenant: its country's currency, the tenant's own time zone (the one MAX
 * reads dates in, so both agree on "tomorrow"), and EspoCRM's language for the tenant's language.
 */
export function crmLocaleFor(t: {
  defaultCountry: string;
  locale: Locale;
  timezone: string;
}): CrmLocaleTarget {
  const country = t.defaultCountry.toUpperCase();
  const language = t.locale === 'fr' ? 'fr_FR' : BRITISH_ENGLISH.has(country) ? 'en_GB' : 'en_US';
  return { currency: COUNTRIES[country]?.currency ?? null, timeZone: t.timezone, language };
}

/** Every currency of the table (the real-EspoCRM suite checks the install lists each). */
export const tableCurrencies = (): string[] => [...new Set(Object.values(COUNTRIES).map((c) => c.currency))];
