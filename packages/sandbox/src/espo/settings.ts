/**
 * `GET Settings` (Controllers/Settings::getActionRead, Tools/App/SettingsService::getConfigData): the
 * config an authenticated user may read. `currencyList`, `defaultCurrency`, `baseCurrency`,
 * `currencyRates`, `timeZone` and `language` are neither admin-only nor internal in entityDefs.Settings,
 * so an API user gets them; the real answer holds many more keys (date format, tab list…).
 *
 * `PUT Settings` (Controllers/Settings::putActionUpdate → SettingsService::setConfigData), as seen on a
 * real 8.4.2: admins only (403 otherwise); the fields are validated before anything is written
 * (`timeZone` must be one of the install's zones, `currencyList` is required: 400 with the field in
 * X-Status-Reason); `language` is not checked. Then the config is written, and when a currency
 * setting was sent the currency rates are recomputed: with a default currency other than the base one
 * and no rate for it, that step divides by zero — a bare 500 *after* the config was saved. PATCH has no
 * route (404).
 */
import type { CrmSettings } from '@max/core';
import { internalError, validation } from './errors.ts';
import type { Rec } from './records.ts';

/** PHP's zone list as the Settings field's options; Intl's list stands for it (plus UTC). */
const ZONES = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);

export function settingsBody(s: CrmSettings): Rec {
  return {
    currencyList: [...s.currencyList],
    defaultCurrency: s.defaultCurrency,
    baseCurrency: s.baseCurrency,
    // An empty PHP array: EspoCRM answers [] until a rate is set.
    currencyRates: Object.keys(s.currencyRates).length ? { ...s.currencyRates } : [],
    timeZone: s.timeZone,
    language: s.language,
  };
}

const strings = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;

/** Applies a PUT body to the install's config (the caller checked the admin). */
export function updateSettings(s: CrmSettings, body: Rec): void {
  if ('timeZone' in body && (typeof body.timeZone !== 'string' || !ZONES.has(body.timeZone)))
    throw validation('Settings', 'timeZone', 'valid');
  if ('currencyList' in body && !strings(body.currencyList)?.length)
    throw validation('Settings', 'currencyList', 'required');
  const list = strings(body.currencyList);
  if (list) s.currencyList = [...list];
  if (typeof body.defaultCurrency === 'string') s.defaultCurrency = body.defaultCurrency;
  if (typeof body.baseCurrency === 'string') s.baseCurrency = body.baseCurrency;
  if (body.currencyRates && typeof body.currencyRates === 'object' && !Array.isArray(body.currencyRates))
    s.currencyRates = Object.fromEntries(
      Object.entries(body.currencyRates as Rec).filter(
        (e): e is [string, number] => typeof e[1] === 'number',
      ),
    );
  if (typeof body.timeZone === 'string') s.timeZone = body.timeZone;
  if (typeof body.language === 'string') s.language = body.language;
  const currencyTouched = ['defaultCurrency', 'baseCurrency', 'currencyRates'].some((k) => k in body);
  // DatabasePopulator::exchangeRates: 1 / currencyRates[default] when the default is not the base.
  if (currencyTouched && s.defaultCurrency !== s.baseCurrency && !s.currencyRates[s.defaultCurrency])
    throw internalError();
}
