import { useEffect, useRef, useState } from 'preact/hooks';
import type { T } from './i18n.ts';
import { type CheckLine, type OperatorApi, OperatorError } from './operator-api.ts';
import { Checks, checksPass } from './wizard-checks.tsx';
import { WizardFields } from './wizard-field.tsx';
import { EMPTY_WIZARD_FORM, type WizardForm } from './wizard-form.ts';
import { STEP_FIELDS, STEPS, SUBMIT_LABEL } from './wizard-steps.ts';
import { wizardSubmits } from './wizard-submit.ts';
import { WebhookStep, type WebhookValues } from './wizard-webhook.tsx';

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
  const [f, setF] = useState<WizardForm>(EMPTY_WIZARD_FORM);
  const [hook, setHook] = useState<WebhookValues | null>(null);
  const [numbers, setNumbers] = useState<string[]>([]);
  const [active, setActive] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step]);
  const set = (k: keyof WizardForm) => (v: string) => setF((x) => ({ ...x, [k]: v }));

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
  const next = () => {
    setChecks(null);
    setStep((s) => s + 1);
  };
  const submit = wizardSubmits({ op, t, f, setF, setChecks, setHook, setNumbers, setActive, next });
  const passed = checks ? checksPass(checks) : false;
  const fields = STEP_FIELDS[step];

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
        {step === 3 && hook && <WebhookStep hook={hook} t={t} />}
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
          </>
        )}
        {fields && <WizardFields specs={fields} f={f} set={set} t={t} />}
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
              {t(SUBMIT_LABEL[step]!)}
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
