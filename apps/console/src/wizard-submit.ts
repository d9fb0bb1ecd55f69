import type { T } from './i18n.ts';
import type { CheckLine, OperatorApi } from './operator-api.ts';
import { checksPass } from './wizard-checks.tsx';
import type { WizardForm } from './wizard-form.ts';
import type { WebhookValues } from './wizard-webhook.tsx';

/** What a step's submit reads and changes in the wizard. */
export interface WizardState {
  op: OperatorApi;
  t: T;
  f: WizardForm;
  setF: (change: (x: WizardForm) => WizardForm) => void;
  setChecks: (lines: CheckLine[]) => void;
  setHook: (hook: WebhookValues) => void;
  setNumbers: (change: (n: string[]) => string[]) => void;
  setActive: (active: boolean) => void;
  next: () => void;
}

/**
 * Each step's call to the operator API (steps without one just move on). A retried create is safe
 * (Idempotency-Key); a secret is sent once, then emptied from the form.
 */
export function wizardSubmits(s: WizardState): Record<number, () => Promise<void>> {
  const { op, t, f } = s;
  const base = `/tenants/${encodeURIComponent(f.id)}`;
  const liveCheck = async (prefix: string) => {
    const r = await op<{ checks: CheckLine[] }>('POST', `${base}/checks`);
    const lines = r.checks.filter((c) => c.name.startsWith(prefix));
    s.setChecks(lines);
    return checksPass(lines);
  };
  return {
    0: async () => {
      await op(
        'POST',
        '/tenants',
        {
          id: f.id.trim(),
          name: f.name.trim(),
          locale: f.locale,
          defaultCountry: f.country.trim().toUpperCase(),
          crmBaseUrl: f.crmBaseUrl.trim(),
          idInstance: f.idInstance.trim(),
          greenApiUrl: f.greenApiUrl.trim(),
        },
        `console-wizard-${f.id.trim()}`,
      );
      s.next();
    },
    1: async () => {
      if (f.crmApiKey) await op('PUT', `${base}/secrets/crm_api_key`, { value: f.crmApiKey });
      await op('PATCH', base, { crmPublicUrl: f.crmPublicUrl.trim() || null });
      s.setF((x) => ({ ...x, crmApiKey: '' }));
      if (await liveCheck('crm.')) return;
      throw new Error(t('checkFailed'));
    },
    2: async () => {
      if (f.greenToken) await op('PUT', `${base}/secrets/greenapi_token`, { value: f.greenToken });
      s.setF((x) => ({ ...x, greenToken: '' }));
      if (await liveCheck('greenapi.')) {
        s.setHook(await op('GET', `${base}/webhook`));
        return;
      }
      throw new Error(t('checkFailed'));
    },
    4: async () => {
      const r = await op<{ sender: { chatId: string } }>(
        'PUT',
        `${base}/senders/${encodeURIComponent(f.phone.trim())}`,
        { role: f.phoneRole },
      );
      s.setNumbers((n) => [...n, `+${r.sender.chatId.replace(/@c\.us$/, '')}`]);
      s.setF((x) => ({ ...x, phone: '' }));
    },
    5: async () => {
      await op('POST', `${base}/activate`);
      s.setActive(true);
    },
  };
}
