/**
 * `GET I18n` (Controllers/I18n.php → LanguageService::getDataForFrontend): the labels of the user's language
 * (`?default=true`: en_US). The stand-in knows the labels shipped in infra/scaleway-espocrm's i18n files
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
