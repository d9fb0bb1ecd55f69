/**
 * `GET Settings` (Controllers/Settings::getActionRead, Tools/App/SettingsService::getConfigData): the
 * config an authenticated non-admin user may read. `currencyList`, `defaultCurrency` and `baseCurrency`
 * are neither admin-only nor internal in entityDefs.Settings, so an API user gets them; the real answer
 * holds many more keys (date format, language, tab list…); only these are reproduced.
 */
import type { EspoSettings } from './context.ts';
import type { Rec } from './records.ts';

export function settingsBody(s: EspoSettings): Rec {
  return {
    currencyList: [...s.currencyList],
    defaultCurrency: s.defaultCurrency,
    baseCurrency: s.defaultCurrency,
    currencyRates: {},
    timeZone: s.timeZone,
  };
}
