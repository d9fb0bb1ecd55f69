import type { GoTrueClient } from '@supabase/supabase-js';
import { useState } from 'preact/hooks';
import { TextField } from './fields.tsx';
import type { Key, T } from './i18n.ts';

/** Why Supabase Auth refused, in the person's words (its error codes, never its raw message). */
const reasonOf = (code: string | undefined): Key =>
  code === 'invalid_credentials'
    ? 'badCredentials'
    : code === 'over_email_send_rate_limit'
      ? 'tooSoon'
      : code === 'otp_disabled'
        ? 'noAccount'
        : 'unexpected';

/** E-mail and password, or a magic link: both through supabase-js. */
export function SignIn(p: { auth: GoTrueClient; t: T; notice: Key | null }) {
  const { t } = p;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [linkEmail, setLinkEmail] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(
    p.notice ? { kind: 'error', text: t(p.notice) } : null,
  );
  const [busy, setBusy] = useState(false);

  const withPassword = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const { error } = await p.auth.signInWithPassword({ email, password });
    setBusy(false);
    if (error) setMessage({ kind: 'error', text: t(reasonOf(error.code)) });
  };
  const withLink = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const { error } = await p.auth.signInWithOtp({
      email: linkEmail,
      options: { shouldCreateUser: false, emailRedirectTo: `${location.origin}/` },
    });
    setBusy(false);
    setMessage(
      error
        ? { kind: 'error', text: t(reasonOf(error.code)) }
        : { kind: 'info', text: t('linkSent', { email: linkEmail }) },
    );
  };

  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <h1>{t('signInTitle')}</h1>
      <div
        role={message?.kind === 'error' ? 'alert' : 'status'}
        class={message ? `notice ${message.kind}` : 'notice'}
      >
        {message?.text}
      </div>
      <form onSubmit={withPassword} aria-labelledby="pw-title">
        <h2 id="pw-title" class="visually-hidden">
          {t('signIn')}
        </h2>
        <TextField
          id="email"
          label={t('email')}
          type="email"
          autocomplete="username"
          required
          value={email}
          set={setEmail}
        />
        <TextField
          id="password"
          label={t('password')}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          set={setPassword}
        />
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
      <form onSubmit={withLink} aria-labelledby="link-title">
        <h2 id="link-title">{t('orMagic')}</h2>
        <TextField
          id="link-email"
          label={t('email')}
          type="email"
          autocomplete="email"
          required
          value={linkEmail}
          set={setLinkEmail}
        />
        <button type="submit" class="secondary" disabled={busy}>
          {t('sendLink')}
        </button>
      </form>
    </main>
  );
}
