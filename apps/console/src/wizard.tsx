import { useEffect, useRef, useState } from 'preact/hooks';
import type { Key, T } from './i18n.ts';
import { type CheckLine, type OperatorApi, OperatorError } from './operator-api.ts';

const STEPS: Key[] = ['stepTenant', 'stepCrm', 'stepWhatsapp', 'stepWebhook', 'stepTeam', 'stepActivate'];

/** A labelled input (label, hint and field tied by id, as screen readers need). */
function Field(p: {
  id: string;
  label: string;
  value: string;
  set: (v: string) => void;
  type?: 'text' | 'url' | 'tel' | 'password';
  required?: boolean;
  pattern?: string;
  placeholder?: string;
}) {
  return (
    <>
      <label for={p.id}>{p.label}</label>
      <input
        id={p.id}
        type={(p.type ?? 'text') as 'text'}
        required={p.required ?? true}
        autoComplete="off"
        spellcheck={false}
        {...(p.pattern ? { pattern: p.pattern } : {})}
        {...(p.placeholder ? { placeholder: p.placeholder } : {})}
        value={p.value}
        onInput={(e) => p.set(e.currentTarget.value)}
      />
    </>
  );
}

function Checks(p: { lines: CheckLine[]; t: T }) {
  return (
    <ul class="checks" aria-label={p.t('checkResults')}>
      {p.lines.map((c) => (
        <li key={c.name} class={c.ok === false ? 'bad' : 'good'}>
          {c.ok === false ? '✗' : c.ok ? '✓' : '–'} <code>{c.name}</code> {c.detail}
          {c.ok === false && c.fix && <small> — {c.fix}</small>}
        </li>
      ))}
    </ul>
  );
}

/**
 * The onboarding wizard: one step per part of the provisioning API (create, CRM credentials with a
 * live check, Green-API token with a live check, the webhook values to paste, team numbers,
 * activation). Each step calls the operator API and shows its answer; a retried create is safe
 * (Idempotency-Key). The key and secrets typed here go to the API and nowhere else.
 */
export function Wizard(p: { op: OperatorApi; t: T; done: () => void }) {
  const { t, op } = p;
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checks, setChecks] = useState<CheckLine[] | null>(null);
  const [f, setF] = useState({
    id: '',
    name: '',
    locale: 'fr',
    country: 'FR',
    crmBaseUrl: '',
    idInstance: '',
    greenApiUrl: 'https://api.green-api.com',
    crmPublicUrl: '',
    crmApiKey: '',
    greenToken: '',
    phone: '',
    phoneRole: 'admin',
  });
  const [hook, setHook] = useState<{ webhookUrl: string; webhookUrlToken: string } | null>(null);
  const [numbers, setNumbers] = useState<string[]>([]);
  const [active, setActive] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step]);
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const base = `/tenants/${encodeURIComponent(f.id)}`;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      const fix =
        e instanceof OperatorError && e.fix.length ? ` (${e.fix.map((x) => x.check).join(', ')})` : '';
      setError(`${e instanceof Error ? e.message : String(e)}${fix}`);
    } finally {
      setBusy(false);
    }
  };
  const liveCheck = async (prefix: string) => {
    const r = await op<{ checks: CheckLine[] }>('POST', `${base}/checks`);
    const lines = r.checks.filter((c) => c.name.startsWith(prefix));
    setChecks(lines);
    return lines.every((c) => c.ok !== false || !c.required);
  };
  const next = () => {
    setChecks(null);
    setStep((s) => s + 1);
  };

  const submit: Record<number, () => Promise<void>> = {
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
      next();
    },
    1: async () => {
      if (f.crmApiKey) await op('PUT', `${base}/secrets/crm_api_key`, { value: f.crmApiKey });
      await op('PATCH', base, { crmPublicUrl: f.crmPublicUrl.trim() || null });
      setF((x) => ({ ...x, crmApiKey: '' }));
      if (await liveCheck('crm.')) return;
      throw new Error(t('checkFailed'));
    },
    2: async () => {
      if (f.greenToken) await op('PUT', `${base}/secrets/greenapi_token`, { value: f.greenToken });
      setF((x) => ({ ...x, greenToken: '' }));
      if (await liveCheck('greenapi.')) {
        setHook(await op('GET', `${base}/webhook`));
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
      setNumbers((n) => [...n, `+${r.sender.chatId.replace(/@c\.us$/, '')}`]);
      setF((x) => ({ ...x, phone: '' }));
    },
    5: async () => {
      await op('POST', `${base}/activate`);
      setActive(true);
    },
  };
  const passed = checks?.every((c) => c.ok !== false || !c.required) ?? false;

  return (
    <section aria-labelledby="wizard-title" class="wizard">
      <h2 id="wizard-title" ref={heading} tabIndex={-1}>
        {t('wizardTitle')} — {t('stepOf', { n: step + 1, total: STEPS.length })}: {t(STEPS[step]!)}
      </h2>
      <ol class="steps" aria-label={t('wizardSteps')}>
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined} class={i < step ? 'done' : undefined}>
            {t(s)}
          </li>
        ))}
      </ol>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          const work = submit[step];
          if (work) void run(work);
          else next();
        }}
      >
        {step === 0 && (
          <>
            <Field
              id="w-id"
              label={t('tenantId')}
              value={f.id}
              set={set('id')}
              pattern="[a-z0-9][a-z0-9\-]{1,62}"
            />
            <Field id="w-name" label={t('name')} value={f.name} set={set('name')} />
            <label for="w-locale">{t('language')}</label>
            <select id="w-locale" value={f.locale} onChange={(e) => set('locale')(e.currentTarget.value)}>
              <option value="fr">Français</option>
              <option value="en">English</option>
            </select>
            <Field
              id="w-country"
              label={t('country')}
              value={f.country}
              set={set('country')}
              pattern="[A-Za-z]{2}"
            />
            <Field
              id="w-crm-url"
              label={t('crmUrl')}
              type="url"
              value={f.crmBaseUrl}
              set={set('crmBaseUrl')}
            />
            <Field
              id="w-instance"
              label={t('idInstance')}
              value={f.idInstance}
              set={set('idInstance')}
              pattern="[0-9]{4,20}"
            />
            <Field
              id="w-green-url"
              label={t('greenApiUrl')}
              type="url"
              value={f.greenApiUrl}
              set={set('greenApiUrl')}
            />
          </>
        )}
        {step === 1 && (
          <>
            <Field
              id="w-crm-key"
              label={t('crmApiKey')}
              type="password"
              value={f.crmApiKey}
              set={set('crmApiKey')}
              required={false}
            />
            <Field
              id="w-crm-public"
              label={t('crmPublicUrl')}
              type="url"
              value={f.crmPublicUrl}
              set={set('crmPublicUrl')}
              required={false}
            />
          </>
        )}
        {step === 2 && (
          <Field
            id="w-green-token"
            label={t('greenToken')}
            type="password"
            value={f.greenToken}
            set={set('greenToken')}
            required={false}
          />
        )}
        {step === 3 && hook && (
          <>
            <p class="hint">{t('webhookHint')}</p>
            <label for="w-hook-url">{t('webhookUrl')}</label>
            <input
              id="w-hook-url"
              readOnly
              value={hook.webhookUrl}
              onFocus={(e) => e.currentTarget.select()}
            />
            <label for="w-hook-token">{t('webhookToken')}</label>
            <input
              id="w-hook-token"
              readOnly
              value={hook.webhookUrlToken}
              onFocus={(e) => e.currentTarget.select()}
            />
          </>
        )}
        {step === 4 && (
          <>
            <p class="hint">{t('teamNumbersHint')}</p>
            {numbers.length > 0 && (
              <ul aria-label={t('whatsappNumbers')} class="numbers">
                {numbers.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
            <Field
              id="w-phone"
              label={t('phone')}
              type="tel"
              value={f.phone}
              set={set('phone')}
              pattern="\+?[0-9 ().\-]{5,30}"
            />
            <label for="w-phone-role">{t('role')}</label>
            <select
              id="w-phone-role"
              value={f.phoneRole}
              onChange={(e) => set('phoneRole')(e.currentTarget.value)}
            >
              <option value="admin">{t('roleAdmin')}</option>
              <option value="member">{t('roleMember')}</option>
            </select>
          </>
        )}
        {step === 5 && <p class="hint">{active ? t('activated', { id: f.id }) : t('activateHint')}</p>}
        {checks && <Checks lines={checks} t={t} />}
        <div role="alert" class={error ? 'notice error' : 'notice'}>
          {error}
        </div>
        <div class="actions">
          {step === 5 && active ? (
            <button type="button" onClick={p.done}>
              {t('wizardDone')}
            </button>
          ) : (
            <button type="submit" disabled={busy}>
              {t(
                step === 0
                  ? 'createTenant'
                  : step === 4
                    ? 'add'
                    : step === 5
                      ? 'activate'
                      : step === 3
                        ? 'next'
                        : 'saveAndCheck',
              )}
            </button>
          )}
          {((step === 1 || step === 2) && passed) || (step === 4 && numbers.length > 0) ? (
            <button type="button" class="secondary" onClick={next}>
              {t('next')}
            </button>
          ) : null}
          <button type="button" class="secondary" onClick={p.done}>
            {t('wizardClose')}
          </button>
        </div>
      </form>
    </section>
  );
}
