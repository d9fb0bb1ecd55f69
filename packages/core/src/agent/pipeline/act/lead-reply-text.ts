import type { Lang } from '../../render/replies.ts';

const MAX_EXCERPT = 300;

const excerpt = (t: string) => (t.length > MAX_EXCERPT ? `${t.slice(0, MAX_EXCERPT)}…` : t);

/** What the team member hears when one of their leads or contacts writes in (their own language: the tenant's). */
export function leadReplyNotice(
  lang: Lang,
  kind: 'message' | 'stop' | 'start',
  p: { name: string; entity: string; phone: string; text: string },
): string {
  const what = lang === 'fr' ? (p.entity === 'Contact' ? 'contact' : 'lead') : p.entity.toLowerCase();
  if (lang === 'fr') {
    if (kind === 'stop')
      return `🚫 ${p.name} (${what}) a répondu STOP sur WhatsApp : MAX ne lui écrira plus.`;
    if (kind === 'start') return `✅ ${p.name} (${what}) accepte désormais les messages WhatsApp (START).`;
    return `💬 ${p.name} (${what}) a écrit sur WhatsApp :\n« ${excerpt(p.text)} »\nRépondez-lui depuis votre téléphone : ${p.phone}\n(noté sur sa fiche)`;
  }
  if (kind === 'stop')
    return `🚫 ${p.name} (${what}) replied STOP on WhatsApp: MAX will not write to them again.`;
  if (kind === 'start') return `✅ ${p.name} (${what}) now accepts WhatsApp messages (START).`;
  return `💬 ${p.name} (${what}) wrote on WhatsApp:\n“${excerpt(p.text)}”\nReply from your own phone: ${p.phone}\n(logged on the record)`;
}

/** The one line a person who wrote START gets back. */
export const personOptedIn = (lang: Lang) =>
  lang === 'fr'
    ? "C'est noté : vous recevrez à nouveau nos messages WhatsApp. Écrivez STOP pour les arrêter."
    : "Done: you'll receive our WhatsApp messages again. Write STOP to stop them.";
