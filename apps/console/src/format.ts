import type { Lang } from './i18n.ts';

export interface TeamMember {
  userId: string;
  email: string | null;
  role: string;
  since: string | null;
}

/** A date and time in the person's language, short. */
export const when = (iso: string | null, lang: Lang) =>
  iso
    ? new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
        dateStyle: 'short',
        timeStyle: 'short',
      }).format(new Date(iso))
    : '—';

/** Who an audit actor is, as a person reads it: an e-mail for web people, a number for WhatsApp. */
export function actorLabel(actor: string, members: TeamMember[]): string {
  const web = /^(?:web|user):([0-9a-f-]{36})$/.exec(actor);
  if (web) return members.find((m) => m.userId === web[1])?.email ?? `${actor.slice(0, 12)}…`;
  const phone = /^(\d{5,20})@c\.us$/.exec(actor);
  return phone ? `+${phone[1]}` : actor;
}
