import type { Api } from './api.ts';
import { actorLabel, type TeamMember, when } from './format.ts';
import type { Lang, T } from './i18n.ts';
import { Refusal } from './refusal.tsx';
import { useLoad } from './use-load.ts';

interface Pending {
  id: string;
  chatId: string;
  tool: string;
  args: Record<string, unknown>;
  createdAt: string;
  expiresAt: string;
}

/** Risky actions waiting for a yes in their conversation (read only: each is answered where it was asked). */
export function PendingView(p: { api: Api; t: T; lang: Lang; members: TeamMember[] }) {
  const { t } = p;
  const [loaded] = useLoad(() => p.api<{ rows: Pending[] }>('/api/console/pending'), []);
  if (loaded.state !== 'ok') return <Refusal loaded={loaded} t={t} />;
  const rows = loaded.data.rows;
  return (
    <section aria-labelledby="view-title">
      <p class="hint">{t('pendingHint')}</p>
      {rows.length === 0 ? (
        <p>{t('noPending')}</p>
      ) : (
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{t('tool')}</th>
              <th scope="col">{t('conversation')}</th>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('expires')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td data-label={t('tool')}>
                  {r.tool} <code>{JSON.stringify(r.args).slice(0, 120)}</code>
                </td>
                <td data-label={t('conversation')}>{actorLabel(r.chatId, p.members)}</td>
                <td data-label={t('when')}>{when(r.createdAt, p.lang)}</td>
                <td data-label={t('expires')}>{when(r.expiresAt, p.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
