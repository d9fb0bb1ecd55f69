import type { Api } from './api.ts';
import { when } from './format.ts';
import type { Key, Lang, T } from './i18n.ts';
import { Refusal } from './refusal.tsx';
import { useLoad } from './use-load.ts';

interface Usage {
  month: string;
  plan: { id: string; name: string; limits: Record<string, number> } | null;
  limitsLiftedUntil: string | null;
  blockedMetric: string | null;
  used: Record<string, number>;
}
interface Health {
  current: {
    status: 'ok' | 'degraded' | 'down';
    checkedAt: string;
    crm: string | null;
    crmOk: boolean | null;
    whatsapp: string | null;
    whatsappOk: boolean | null;
    messagesLastHour: number;
    failedLastHour: number;
    outboxBacklog: number;
  } | null;
  incidents: Array<{
    component: string;
    openedAt: string;
    resolvedAt: string | null;
    open: boolean;
    detail: string | null;
  }>;
}

const METRICS: Array<[string, Key]> = [
  ['messages_in', 'metricMessagesIn'],
  ['messages_out', 'metricMessagesOut'],
  ['leads_created', 'metricLeads'],
  ['active_users', 'metricUsers'],
  ['model_calls', 'metricModelCalls'],
  ['crm_calls', 'metricCrmCalls'],
];
const STATUS: Record<string, Key> = { ok: 'healthOk', degraded: 'healthDegraded', down: 'healthDown' };
const COMPONENT: Record<string, Key> = {
  crm: 'componentCrm',
  whatsapp: 'componentWhatsapp',
  messages: 'componentMessages',
};

/** Usage this month against the plan's limits, and the tenant's health: its last check and incidents. */
export function UsageHealth(p: { api: Api; t: T; lang: Lang }) {
  const { t } = p;
  const [usage] = useLoad(() => p.api<Usage>('/api/console/usage'), []);
  const [health] = useLoad(() => p.api<Health>('/api/console/health'), []);
  if (usage.state !== 'ok') return <Refusal loaded={usage} t={t} />;
  const u = usage.data;
  const number = new Intl.NumberFormat(p.lang === 'fr' ? 'fr-FR' : 'en-GB');
  return (
    <section aria-labelledby="view-title">
      <h2 id="usage-title">{t('usageTitle', { month: u.month })}</h2>
      <p class="hint">{u.plan ? t('planIs', { plan: u.plan.name }) : t('noPlan')}</p>
      {u.blockedMetric && (
        <p role="alert" class="notice error">
          {t('limitReached')}
        </p>
      )}
      <table class="cards" aria-labelledby="usage-title">
        <thead>
          <tr>
            <th scope="col">{t('metric')}</th>
            <th scope="col">{t('used')}</th>
            <th scope="col">{t('limit')}</th>
          </tr>
        </thead>
        <tbody>
          {METRICS.map(([m, label]) => {
            const limit = u.plan?.limits[m];
            const used = Number(u.used[m] ?? 0);
            return (
              <tr key={m} class={limit !== undefined && used >= limit ? 'over' : undefined}>
                <th scope="row" data-label={t('metric')}>
                  {t(label)}
                </th>
                <td data-label={t('used')}>
                  {number.format(used)}
                  {limit !== undefined && (
                    <meter min={0} max={limit} value={Math.min(used, limit)} high={limit * 0.8} optimum={0}>
                      {Math.round((used / Math.max(limit, 1)) * 100)} %
                    </meter>
                  )}
                </td>
                <td data-label={t('limit')}>{limit === undefined ? t('unlimited') : number.format(limit)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>{t('healthTitle')}</h2>
      {health.state !== 'ok' ? (
        <Refusal loaded={health} t={t} />
      ) : !health.data.current ? (
        <p>{t('healthUnknown')}</p>
      ) : (
        <>
          <p class={`health ${health.data.current.status}`}>
            <strong>{t(STATUS[health.data.current.status] ?? 'healthDown')}</strong>{' '}
            <small>{t('checkedAt', { when: when(health.data.current.checkedAt, p.lang) })}</small>
          </p>
          <ul class="health-lines">
            <li>
              {t('componentCrm')}: {health.data.current.crmOk === false ? '✗' : '✓'}{' '}
              {health.data.current.crm ?? ''}
            </li>
            <li>
              {t('componentWhatsapp')}: {health.data.current.whatsappOk === false ? '✗' : '✓'}{' '}
              {health.data.current.whatsapp ?? ''}
            </li>
            <li>
              {t('lastHour', {
                messages: health.data.current.messagesLastHour,
                failed: health.data.current.failedLastHour,
                waiting: health.data.current.outboxBacklog,
              })}
            </li>
          </ul>
        </>
      )}
      {health.state === 'ok' && (
        <>
          <h3>{t('incidents')}</h3>
          {health.data.incidents.length === 0 ? (
            <p>{t('noIncidents')}</p>
          ) : (
            <ul class="incidents">
              {health.data.incidents.map((i) => (
                <li key={`${i.component}-${i.openedAt}`}>
                  <strong>{t(COMPONENT[i.component] ?? 'componentMessages')}</strong>{' '}
                  {i.open
                    ? t('incidentOpen', { since: when(i.openedAt, p.lang) })
                    : t('incidentClosed', { from: when(i.openedAt, p.lang), to: when(i.resolvedAt, p.lang) })}
                  {i.detail && <small> — {i.detail}</small>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
