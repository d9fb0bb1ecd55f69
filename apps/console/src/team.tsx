import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { type TeamMember, when } from './format.ts';
import type { Key, Lang, T } from './i18n.ts';
import { Refusal } from './refusal.tsx';
import { InviteForm, RemoveButton, refusalText, SenderForm } from './team-forms.tsx';
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

/**
 * Who works with MAX here: web members (with their e-mail) and WhatsApp numbers, with their roles;
 * owners and admins invite, change roles and remove (the database checks each change).
 */
export function Team(p: { api: Api; t: T; lang: Lang; userId: string; myRole: string }) {
  const { t } = p;
  const [loaded, reload] = useLoad(() => p.api<TeamData>('/api/console/team'), []);
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  if (loaded.state !== 'ok') return <Refusal loaded={loaded} t={t} />;
  const { members, senders } = loaded.data;
  const owner = p.myRole === 'owner';
  const say = (kind: 'info' | 'error', text: string) => setStatus({ kind, text });
  const change = async (path: string, init: { method: string; body?: unknown }, ok: string) => {
    try {
      await p.api(path, init);
      say('info', ok);
      reload();
    } catch (e) {
      say('error', refusalText(e, t));
    }
  };
  return (
    <section aria-labelledby="view-title">
      <div
        role={status?.kind === 'error' ? 'alert' : 'status'}
        class={status ? `notice ${status.kind}` : 'notice'}
      >
        {status?.text}
      </div>
      <h2>{t('webMembers')}</h2>
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">{t('email')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('since')}</th>
            <th scope="col">{t('actionsCol')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const label = m.email ?? m.userId;
            const editable = m.userId !== p.userId && (owner || m.role !== 'owner');
            const path = `/api/console/team/members/${encodeURIComponent(m.userId)}`;
            return (
              <tr key={m.userId}>
                <td data-label={t('email')}>{label}</td>
                <td data-label={t('role')}>
                  {editable ? (
                    <select
                      aria-label={t('roleOf', { who: label })}
                      value={m.role}
                      onChange={(e) =>
                        void change(
                          path,
                          { method: 'PUT', body: { role: e.currentTarget.value } },
                          t('saved'),
                        )
                      }
                    >
                      {owner && <option value="owner">{t('roleOwner')}</option>}
                      <option value="admin">{t('roleAdmin')}</option>
                      <option value="member">{t('roleMember')}</option>
                      <option value="viewer">{t('roleViewer')}</option>
                    </select>
                  ) : (
                    t(roleKey(m.role))
                  )}
                </td>
                <td data-label={t('since')}>{when(m.since, p.lang)}</td>
                <td data-label={t('actionsCol')}>
                  {editable && (
                    <RemoveButton
                      t={t}
                      label={label}
                      run={() => change(path, { method: 'DELETE' }, t('memberRemoved', { who: label }))}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <InviteForm api={p.api} t={t} owner={owner} done={reload} say={say} />
      <h2>{t('whatsappNumbers')}</h2>
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">{t('phone')}</th>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('optedOut')}</th>
            <th scope="col">{t('actionsCol')}</th>
          </tr>
        </thead>
        <tbody>
          {senders.map((s) => (
            <tr key={s.phone}>
              <td data-label={t('phone')}>{s.phone}</td>
              <td data-label={t('name')}>{s.name ?? '—'}</td>
              <td data-label={t('role')}>{t(roleKey(s.role))}</td>
              <td data-label={t('optedOut')}>{s.optedOut ? t('yes') : t('no')}</td>
              <td data-label={t('actionsCol')}>
                <RemoveButton
                  t={t}
                  label={s.phone}
                  run={() =>
                    change(
                      `/api/console/team/senders/${encodeURIComponent(s.phone)}`,
                      { method: 'DELETE' },
                      t('numberRemoved', { phone: s.phone }),
                    )
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SenderForm api={p.api} t={t} done={reload} say={say} />
    </section>
  );
}
