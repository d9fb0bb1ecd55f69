import { useState } from 'preact/hooks';
import { type Api, ApiError } from './api.ts';
import { SelectField, TextField } from './fields.tsx';
import type { T } from './i18n.ts';

export type Say = (kind: 'info' | 'error', text: string) => void;

/** The message a refused team change gets (403: not your role; 400: what you typed). */
export function refusalText(e: unknown, t: T): string {
  const status = e instanceof ApiError ? e.status : 0;
  if (status === 403) return t('teamForbidden');
  if (status === 400) return t('teamInvalid');
  if (status === 404) return t('teamGone');
  if (status === 503) return t('inviteUnavailable');
  return t('unexpected');
}

/** Invites a person by e-mail into a role (Supabase Auth e-mails them a link to this console). */
export function InviteForm(p: { api: Api; t: T; owner: boolean; done: () => void; say: Say }) {
  const { t } = p;
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="team-form"
      aria-labelledby="invite-title"
      onSubmit={async (ev) => {
        ev.preventDefault();
        setBusy(true);
        try {
          const r = await p.api<{ invited: boolean }>('/api/console/team/invites', {
            method: 'POST',
            body: { email: email.trim(), role },
          });
          p.say(
            'info',
            r.invited ? t('invited', { email: email.trim() }) : t('added', { email: email.trim() }),
          );
          setEmail('');
          p.done();
        } catch (e) {
          p.say('error', refusalText(e, t));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3 id="invite-title">{t('inviteTitle')}</h3>
      <TextField
        id="invite-email"
        label={t('email')}
        type="email"
        required
        autoComplete="off"
        value={email}
        set={setEmail}
      />
      <SelectField id="invite-role" label={t('role')} value={role} set={setRole}>
        {p.owner && <option value="owner">{t('roleOwner')}</option>}
        <option value="admin">{t('roleAdmin')}</option>
        <option value="member">{t('roleMember')}</option>
        <option value="viewer">{t('roleViewer')}</option>
      </SelectField>
      <button type="submit" disabled={busy}>
        {t('invite')}
      </button>
    </form>
  );
}

/** Adds a WhatsApp number (national numbers are read in the business's country) with a role. */
export function SenderForm(p: { api: Api; t: T; done: () => void; say: Say }) {
  const { t } = p;
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('member');
  return (
    <form
      class="team-form"
      aria-labelledby="sender-title"
      onSubmit={async (ev) => {
        ev.preventDefault();
        try {
          const r = await p.api<{ sender: { phone: string } }>(
            `/api/console/team/senders/${encodeURIComponent(phone.trim())}`,
            { method: 'PUT', body: { role, ...(name.trim() ? { name: name.trim() } : {}) } },
          );
          p.say('info', t('numberAdded', { phone: r.sender.phone }));
          setPhone('');
          setName('');
          p.done();
        } catch (e) {
          p.say('error', refusalText(e, t));
        }
      }}
    >
      <h3 id="sender-title">{t('addNumber')}</h3>
      <TextField
        id="sender-phone"
        label={t('phone')}
        type="tel"
        required
        autoComplete="off"
        pattern="\+?[0-9 ().\-]{5,30}"
        value={phone}
        set={setPhone}
      />
      <TextField id="sender-name" label={t('name')} maxLength={100} value={name} set={setName} />
      <SelectField id="sender-role" label={t('role')} value={role} set={setRole}>
        <option value="admin">{t('roleAdmin')}</option>
        <option value="member">{t('roleMember')}</option>
      </SelectField>
      <button type="submit">{t('add')}</button>
    </form>
  );
}

/** A two-step remove button (the first press arms it, the second removes). */
export function RemoveButton(p: { t: T; label: string; run: () => Promise<void> }) {
  const [armed, setArmed] = useState(false);
  return (
    <button
      type="button"
      class="danger"
      aria-label={`${armed ? p.t('confirmRemove') : p.t('remove')} ${p.label}`}
      onClick={() => (armed ? void p.run() : setArmed(true))}
      onBlur={() => setArmed(false)}
    >
      {armed ? p.t('confirmRemove') : p.t('remove')}
    </button>
  );
}
