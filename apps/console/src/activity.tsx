import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { actorLabel, type TeamMember, when } from './format.ts';
import type { Lang, T } from './i18n.ts';
import { Refusal } from './refusal.tsx';
import { useLoad } from './use-load.ts';

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetEntity: string | null;
  targetId: string | null;
  result: string;
}
interface Page {
  rows: AuditRow[];
  next: number | null;
  actions: string[];
  actors: string[];
}
interface Filters {
  action: string;
  actor: string;
  from: string;
  to: string;
}
const none: Filters = { action: '', actor: '', from: '', to: '' };

const query = (f: Filters, before?: number) => {
  const q = new URLSearchParams({ limit: '25' });
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  if (before) q.set('before', String(before));
  return `/api/console/activity?${q}`;
};

/** The tenant's audit log: filter by action, person and day; 25 rows a page, newest first. */
export function Activity(p: { api: Api; t: T; lang: Lang; members: TeamMember[] }) {
  const { t } = p;
  const [filters, setFilters] = useState<Filters>(none);
  const [draft, setDraft] = useState<Filters>(none);
  const [more, setMore] = useState<{ rows: AuditRow[]; next: number | null } | null>(null);
  const [loaded] = useLoad(() => p.api<Page>(query(filters)), [filters]);
  if (loaded.state !== 'ok') return <Refusal loaded={loaded} t={t} />;
  const page = loaded.data;
  const rows = [...page.rows, ...(more?.rows ?? [])];
  const next = more ? more.next : page.next;
  const field = (k: keyof Filters) => ({
    id: `f-${k}`,
    value: draft[k],
    onChange: (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value }),
  });
  const loadMore = async () => {
    const r = await p.api<Page>(query(filters, next ?? undefined));
    setMore({ rows: [...(more?.rows ?? []), ...r.rows], next: r.next });
  };
  return (
    <section aria-labelledby="view-title">
      <p class="hint">{t('activityHint')}</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setMore(null);
          setFilters(draft);
        }}
      >
        <div>
          <label for="f-action">{t('filterAction')}</label>
          <select {...field('action')}>
            <option value="">{t('any')}</option>
            {page.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-actor">{t('filterActor')}</label>
          <select {...field('actor')}>
            <option value="">{t('any')}</option>
            {page.actors.map((a) => (
              <option key={a} value={a}>
                {actorLabel(a, p.members)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-from">{t('filterFrom')}</label>
          <input type="date" {...field('from')} />
        </div>
        <div>
          <label for="f-to">{t('filterTo')}</label>
          <input type="date" {...field('to')} />
        </div>
        <div class="actions">
          <button type="submit">{t('apply')}</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setDraft(none);
              setMore(null);
              setFilters(none);
            }}
          >
            {t('reset')}
          </button>
        </div>
      </form>
      {rows.length === 0 ? (
        <p>{t('noActivity')}</p>
      ) : (
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('what')}</th>
              <th scope="col">{t('target')}</th>
              <th scope="col">{t('result')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td data-label={t('when')}>{when(r.at, p.lang)}</td>
                <td data-label={t('who')}>{actorLabel(r.actor, p.members)}</td>
                <td data-label={t('what')}>{r.action}</td>
                <td data-label={t('target')}>{r.targetId ? `${r.targetEntity ?? ''} ${r.targetId}` : '—'}</td>
                <td data-label={t('result')}>
                  <span class={`result ${r.result}`}>{r.result}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next !== null && (
        <button type="button" class="secondary" onClick={loadMore}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}
