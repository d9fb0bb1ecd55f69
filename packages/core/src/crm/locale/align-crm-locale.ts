import { describeError } from '../../shared/errors.ts';
import type { CrmClient, CrmSettings, CrmSettingsChange } from '../port.ts';
import { type CrmLocaleTarget, crmLocaleFor } from './country-locale.ts';
import { currenciesInUse } from './currencies-in-use.ts';

export type LocaleSetting = keyof CrmSettingsChange;

export interface LocaleChange {
  setting: LocaleSetting;
  from: string | string[];
  to: string | string[];
}

export type CrmLocaleReport =
  /** Shared mode: the CRM is every tenant's; it is never changed for one of them. */
  | { status: 'shared' }
  | { status: 'aligned'; target: CrmLocaleTarget }
  /** Reported, not applied (doctor without --fix). */
  | { status: 'mismatch'; target: CrmLocaleTarget; changes: LocaleChange[] }
  | { status: 'fixed'; target: CrmLocaleTarget; changes: LocaleChange[] }
  | {
      status: 'failed';
      target: CrmLocaleTarget;
      changes: LocaleChange[];
      error: { code: string; message: string };
    };

export interface LocaleTenant {
  crmMode: 'dedicated' | 'shared';
  defaultCountry: string;
  locale: 'fr' | 'en';
  timezone: string;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * What must change for the CRM to speak the tenant's locale. The currency list becomes the
 * country's currency plus the listed ones records already use (a USD amount stays readable); the
 * base currency follows the default unless the install has a rate for it (EspoCRM divides by that
 * rate, and MAX never invents exchange rates).
 */
export function localeChanges(
  current: CrmSettings,
  target: CrmLocaleTarget,
  used: Set<string>,
): LocaleChange[] {
  const changes: LocaleChange[] = [];
  const c = target.currency;
  if (c) {
    const list = [c, ...current.currencyList.filter((x) => x !== c && used.has(x))];
    if (!sameSet(list, current.currencyList))
      changes.push({ setting: 'currencyList', from: current.currencyList, to: list });
    if (current.defaultCurrency !== c)
      changes.push({ setting: 'defaultCurrency', from: current.defaultCurrency, to: c });
    if (current.baseCurrency !== c && !((current.currencyRates[c] ?? 0) > 0))
      changes.push({ setting: 'baseCurrency', from: current.baseCurrency, to: c });
  }
  if (current.timeZone !== target.timeZone)
    changes.push({ setting: 'timeZone', from: current.timeZone, to: target.timeZone });
  if (current.language !== target.language)
    changes.push({ setting: 'language', from: current.language, to: target.language });
  return changes;
}

/**
 * Compares the CRM's currencies, time zone and language with the tenant's country and language;
 * with `apply`, sets what differs (one admin PUT) and checks the answer holds it. Shared mode never
 * reads or writes the install's settings.
 */
export async function alignCrmLocale(
  crm: CrmClient,
  tenant: LocaleTenant,
  opts: { apply: boolean },
): Promise<CrmLocaleReport> {
  if (tenant.crmMode === 'shared') return { status: 'shared' };
  const target = crmLocaleFor(tenant);
  const current = await crm.settings();
  const others = target.currency ? current.currencyList.filter((x) => x !== target.currency) : [];
  const used = others.length ? await currenciesInUse(crm, others) : new Set<string>();
  const changes = localeChanges(current, target, used);
  if (!changes.length) return { status: 'aligned', target };
  if (!opts.apply) return { status: 'mismatch', target, changes };
  const put: CrmSettingsChange = Object.fromEntries(changes.map((ch) => [ch.setting, ch.to]));
  try {
    const after = await crm.updateSettings(put);
    const left = localeChanges(after, target, used);
    if (left.length)
      return {
        status: 'failed',
        target,
        changes,
        error: { code: 'not_applied', message: `not applied: ${left.map((l) => l.setting).join(', ')}` },
      };
    return { status: 'fixed', target, changes };
  } catch (e) {
    const d = describeError(e);
    return { status: 'failed', target, changes, error: { code: d.code, message: d.message } };
  }
}
