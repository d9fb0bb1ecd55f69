import type { Api } from './api.ts';
import { type TeamMember, when } from './format.ts';
import type { Key, Lang, T } from './i18n.ts';
import { Refusal } from './refusal.tsx';
import { useLoad } from './use-load.ts';

export interface TeamData {
  members: TeamMember[];
  senders: Array<{
    phone: string;
    role: string;
    name: string | null;
    optedOut: boolean;
    since: string | null;
  }>;
}

export const roleKey = (role: string): Key =>
  role === 'owner'
    ? 'roleOwner'
    : role === 'admin'
      ? 'roleAdmin'
      : role === 'viewer'
        ? 'roleViewer'
        : 'roleMember';

/** Who works with MAX here: web members (with their e-mail) and WhatsApp numbers, with their roles. */
export function Team(p: { api: Api; t: T; lang: Lang }) {
  const { t } = p;
  const [loaded] = useLoad(() => p.api<TeamData>('/api/console/team'), []);
  if (loaded.state !== 'ok') return <Refusal loaded={loaded} t={t} />;
  const { members, senders } = loaded.data;
  return (
    <section aria-labelledby="view-title">
      <h2>{t('webMembers')}</h2>
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">{t('email')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('since')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td data-label={t('email')}>{m.email ?? m.userId}</td>
              <td data-label={t('role')}>{t(roleKey(m.role))}</td>
              <td data-label={t('since')}>{when(m.since, p.lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('whatsappNumbers')}</h2>
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">{t('phone')}</th>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('optedOut')}</th>
          </tr>
        </thead>
        <tbody>
          {senders.map((s) => (
            <tr key={s.phone}>
              <td data-label={t('phone')}>{s.phone}</td>
              <td data-label={t('name')}>{s.name ?? '—'}</td>
              <td data-label={t('role')}>{t(roleKey(s.role))}</td>
              <td data-label={t('optedOut')}>{s.optedOut ? t('yes') : t('no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
