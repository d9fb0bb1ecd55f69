import type { T } from './i18n.ts';
import type { Loaded } from './use-load.ts';

/** What a view shows while loading or when the API refused (403: this page is not for your role). */
export function Refusal<X>(p: { loaded: Loaded<X>; t: T }) {
  if (p.loaded.state === 'loading') return <p role="status">{p.t('loading')}</p>;
  if (p.loaded.state === 'error')
    return (
      <p role="alert" class="notice error">
        {p.loaded.status === 403 ? p.t('forbidden') : p.t('unexpected')}
      </p>
    );
  return null;
}
