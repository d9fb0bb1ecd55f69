import { render } from 'preact';
import { App } from './app.tsx';
import type { Key } from './i18n.ts';
import { authFor, loadConfig } from './supabase.ts';
// One stylesheet per concern, in the order of the single one they were cut from (a later rule wins
// a tie): vite bundles them into one file, in this order.
import './styles/base.css';
import './styles/forms.css';
import './styles/layout.css';
import './styles/sign-in.css';
import './styles/chat.css';
import './styles/tables.css';
import './styles/memory.css';
import './styles/admin.css';
import './styles/wizard.css';

/** A magic link that failed lands with the reason in the fragment: say it, then clear the address. */
function landingNotice(): Key | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!fragment.get('error_code')) return null;
  history.replaceState(null, '', location.pathname);
  return fragment.get('error_code') === 'otp_expired' ? 'linkExpired' : 'unexpected';
}

const root = document.getElementById('app')!;
const notice = landingNotice();
loadConfig().then(
  (config) => render(<App auth={authFor(config)} notice={notice} />, root),
  () => {
    root.textContent = 'MAX is not configured (SUPABASE_URL / SUPABASE_PUBLISHABLE_KEY).';
  },
);
