import { useState } from 'preact/hooks';
import { type Api, ApiError } from './api.ts';
import { when } from './format.ts';
import type { Lang, T } from './i18n.ts';
import { Refusal } from './refusal.tsx';
import { useLoad } from './use-load.ts';

interface Entry {
  key: string;
  value: string;
  updatedAt: string | null;
}

/** What MAX keeps about the business: everyone reads it; owners and admins edit and delete. */
export function Memory(p: { api: Api; t: T; lang: Lang }) {
  const { t } = p;
  const [loaded, reload] = useLoad(
    () => p.api<{ entries: Entry[]; canEdit: boolean }>('/api/console/memory'),
    [],
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [armed, setArmed] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  if (loaded.state !== 'ok') return <Refusal loaded={loaded} t={t} />;
  const { entries, canEdit } = loaded.data;

  const act = async (run: () => Promise<unknown>, ok: string) => {
    try {
      await run();
      setStatus({ kind: 'info', text: ok });
      setEditing(null);
      setArmed(null);
      reload();
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      setStatus({
        kind: 'error',
        text: status === 403 ? t('readOnlyMemory') : status === 400 ? t('invalidValue') : t('unexpected'),
      });
    }
  };
  const save = (key: string, value: string) =>
    act(
      () => p.api(`/api/console/memory/${encodeURIComponent(key)}`, { method: 'PUT', body: { value } }),
      t('saved'),
    );
  const remove = (key: string) =>
    act(() => p.api(`/api/console/memory/${encodeURIComponent(key)}`, { method: 'DELETE' }), t('removed'));

  return (
    <section aria-labelledby="view-title">
      <p class="hint">{t('memoryHint')}</p>
      {!canEdit && <p class="notice info">{t('readOnlyMemory')}</p>}
      <div
        role={status?.kind === 'error' ? 'alert' : 'status'}
        class={status ? `notice ${status.kind}` : 'notice'}
      >
        {status?.text}
      </div>
      {entries.length === 0 ? (
        <p>{t('noMemory')}</p>
      ) : (
        <ul class="memory">
          {entries.map((e) => (
            <li key={e.key}>
              <div class="memory-key">
                <code>{e.key}</code> <small>{when(e.updatedAt, p.lang)}</small>
              </div>
              {editing === e.key ? (
                <form
                  onSubmit={(ev) => {
                    ev.preventDefault();
                    void save(e.key, draft);
                  }}
                >
                  <label for={`edit-${e.key}`}>{t('value')}</label>
                  <textarea
                    id={`edit-${e.key}`}
                    maxLength={500}
                    value={draft}
                    onInput={(ev) => setDraft(ev.currentTarget.value)}
                  />
                  <button type="submit">{t('save')}</button>
                </form>
              ) : (
                <p>{e.value}</p>
              )}
              {canEdit && editing !== e.key && (
                <div class="actions">
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${t('edit')} ${e.key}`}
                    onClick={() => {
                      setEditing(e.key);
                      setDraft(e.value);
                    }}
                  >
                    {t('edit')}
                  </button>
                  <button
                    type="button"
                    class="danger"
                    aria-label={`${armed === e.key ? t('confirmRemove') : t('remove')} ${e.key}`}
                    onClick={() => (armed === e.key ? remove(e.key) : setArmed(e.key))}
                  >
                    {armed === e.key ? t('confirmRemove') : t('remove')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form
          class="add-memory"
          onSubmit={(ev) => {
            ev.preventDefault();
            void save(newKey.trim(), newValue).then(() => {
              setNewKey('');
              setNewValue('');
            });
          }}
        >
          <h2>{t('addEntry')}</h2>
          <label for="new-key">{t('key')}</label>
          <input
            id="new-key"
            required
            pattern="[a-z][A-Za-z0-9_.\-]{0,99}"
            aria-describedby="key-hint"
            value={newKey}
            onInput={(ev) => setNewKey(ev.currentTarget.value)}
          />
          <small id="key-hint">{t('keyHint')}</small>
          <label for="new-value">{t('value')}</label>
          <textarea
            id="new-value"
            required
            maxLength={500}
            value={newValue}
            onInput={(ev) => setNewValue(ev.currentTarget.value)}
          />
          <button type="submit">{t('add')}</button>
        </form>
      )}
    </section>
  );
}
