/**
 * `GET I18n` (Controllers/I18n.php → LanguageService::getDataForFrontend): the labels of the user's language
 * (`?default=true`: the install's, the same here; seen on 8.4.2 set to fr_FR, not en_US). The stand-in knows the labels shipped in infra/scaleway-espocrm's i18n files
 * and those given to the Field Manager; EspoCRM's own core labels are not reproduced.
 */
import { deepMerge } from './custom-metadata.ts';
import type { Rec } from './records.ts';

export function i18nData(
  shipped: Record<string, Record<string, Rec>>,
  fieldManagerLabels: Record<string, Record<string, string>>,
  language: string,
): Rec {
  const base = structuredClone(shipped[language] ?? shipped.en_US ?? {}) as Rec;
  const fm: Rec = Object.fromEntries(
    Object.entries(fieldManagerLabels).map(([scope, fields]) => [scope, { fields: { ...fields } }]),
  );
  return deepMerge(base, fm) as Rec;
}

const drop = (scope: unknown, keys: string[]): Rec => {
  const out = { ...((scope ?? {}) as Rec) };
  for (const k of keys) delete out[k];
  return out;
};

/**
 * `GET I18n` without credentials (Tools/App/LanguageService::getDataForFrontend for the system user,
 * the login page's labels): Global, User and Campaign only, without their field, link and option
 * labels; an entity's labels need a signed-in user.
 */
export function loginI18n(data: Rec): Rec {
  return {
    Global: drop(data.Global, ['scopeNames', 'scopeNamesPlural', 'dashlets', 'links', 'fields', 'options']),
    User: {
      ...drop(data.User, [
        'fields',
        'links',
        'options',
        'filters',
        'presetFilters',
        'boolFilters',
        'tooltips',
      ]),
      fields: {},
    },
    Campaign: drop(data.Campaign, ['fields', 'links', 'options', 'tooltips', 'presetFilters']),
  };
}
