import { useMemo, useState } from 'preact/hooks';
import { ApiError } from './api.ts';
import { TextField } from './fields.tsx';
import { when } from './format.ts';
import type { Key, Lang, T } from './i18n.ts';
import { type OperatorApi, operatorClient } from './operator-api.ts';
import { useLoad } from './use-load.ts';
import { Wizard } from './wizard.tsx';

interface Tenant {
  id: string;
  name: string;
  status: string;
}
interface Overview {
  health: 'ok' | 'degraded' | 'down' | null;
  checkedAt: string | null;
  openIncidents: string[];
  usage: { messagesIn: number; messagesOut: number; leadsCreated: number; activeUsers: number };
}
const STATUS: Record<string, Key> = {
  onboarding: 'statusOnboarding',
  active: 'statusActive',
  disabled: 'statusDisabled',
};
const HEALTH: Record<string, Key> = { ok: 'healthOk', degraded: 'healthDegraded', down: 'healthDown' };

/**
 * The operator's side: the operator pastes an operator key (made with `npm run tenant -- keys create`
 * or printed by `npm run dev`); it is kept in memory only and checked by the server on every call.
 */
export function Operator(p: { t: T; lang: Lang }) {
  const { t } = p;
  const [key, setKey] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const op = useMemo(() => (key ? operatorClient(key) : null), [key]);
  if (!op)
    return (
      <section aria-labelledby="view-title">
        <p class="hint">{t('operatorHint')}</p>
        <form
          class="sign-in"
          onSubmit={async (ev) => {
            ev.preventDefault();
            const candidate = draft.trim();
            try {
              await operatorClient(candidate)('GET', '/tenants');
              setKey(candidate);
              setDraft('');
              setError(null);
            } catch (e) {
              setError(e instanceof ApiError && e.status === 401 ? t('badOperatorKey') : t('unexpected'));
            }
          }}
        >
          <TextField
            id="operator-key"
            label={t('operatorKey')}
            type="password"
            required
            autoComplete="off"
            spellcheck={false}
            aria-describedby="operator-key-hint"
            value={draft}
            set={setDraft}
          />
          <small id="operator-key-hint">{t('operatorKeyHint')}</small>
          <div role="alert" class={error ? 'notice error' : 'notice'}>
            {error}
          </div>
          <button type="submit">{t('operatorUnlock')}</button>
        </form>
      </section>
    );
  return <Tenants op={op} t={t} lang={p.lang} lock={() => setKey(null)} />;
}

function Tenants(p: { op: OperatorApi; t: T; lang: Lang; lock: () => void }) {
  const { t } = p;
  const [wizard, setWizard] = useState(false);
  const [loaded, reload] = useLoad(
    () => p.op<{ tenants: Tenant[]; overview: Record<string, Overview> }>('GET', '/tenants'),
    [],
  );
  if (wizard)
    return (
      <Wizard
        op={p.op}
        t={t}
        done={() => {
          setWizard(false);
          reload();
        }}
      />
    );
  return (
    <section aria-labelledby="view-title">
      <div class="actions">
        <button type="button" onClick={() => setWizard(true)}>
          {t('newTenant')}
        </button>
        <button type="button" class="secondary" onClick={p.lock}>
          {t('operatorLock')}
        </button>
      </div>
      <h2 id="tenants-title">{t('tenantsTitle')}</h2>
      {loaded.state === 'loading' && <p role="status">{t('loading')}</p>}
      {loaded.state === 'error' && (
        <p role="alert" class="notice error">
          {t('unexpected')}
        </p>
      )}
      {loaded.state === 'ok' && (
        <table class="cards" aria-labelledby="tenants-title">
          <thead>
            <tr>
              <th scope="col">{t('business')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('healthTitle')}</th>
              <th scope="col">{t('metricMessagesIn')}</th>
              <th scope="col">{t('metricLeads')}</th>
              <th scope="col">{t('metricUsers')}</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.tenants.map((x) => {
              const o = loaded.data.overview[x.id];
              return (
                <tr key={x.id} data-tenant={x.id}>
                  <th scope="row" data-label={t('business')}>
                    {x.name} <code>{x.id}</code>
                  </th>
                  <td data-label={t('status')}>{STATUS[x.status] ? t(STATUS[x.status]!) : x.status}</td>
                  <td data-label={t('healthTitle')}>
                    {o?.health ? t(HEALTH[o.health]!) : '—'}
                    {o?.openIncidents.length ? ` (${o.openIncidents.join(', ')})` : ''}
                    {o?.checkedAt && <small> {when(o.checkedAt, p.lang)}</small>}
                  </td>
                  <td data-label={t('metricMessagesIn')}>{o?.usage.messagesIn ?? 0}</td>
                  <td data-label={t('metricLeads')}>{o?.usage.leadsCreated ?? 0}</td>
                  <td data-label={t('metricUsers')}>{o?.usage.activeUsers ?? 0}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
