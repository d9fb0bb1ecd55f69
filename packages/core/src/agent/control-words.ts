/** Short control words a person types on WhatsApp, recognised before any model call. */
const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[!.\s]+$/u, '')
    .trim()
    .toLowerCase();

/**
 * The words that confirm a pending action: a short explicit list per language, and the prompt
 * names the one to send. "ok", "go", "y" or an emoji never confirm a deletion.
 */
export const YES_WORDS = { fr: ['oui', 'confirme', 'confirmer'], en: ['yes', 'confirm'] } as const;
export const NO_WORDS = { fr: ['non', 'annule', 'annuler'], en: ['no', 'cancel'] } as const;

const inList = (lists: Record<string, readonly string[]>, t: string) =>
  Object.values(lists).some((l) => l.includes(norm(t)));

export const isYes = (t: string) => inList(YES_WORDS, t);
export const isNo = (t: string) => inList(NO_WORDS, t);
/** STOP and its everyday variants (FR/EN), alone or with a courtesy word: "Stop svp", "STOP!!", "arrêtez". */
export const isStop = (t: string) =>
  /^(?:stop+|arret|arrete[rz]?|unsubscribe|desabonne[rz]?|desabonnement|desinscri(?:s|re|ption|vez|s-moi)|desinscrivez-moi|opt[- ]?out|plus de messages?|no more messages?|stop (?:les |the )?messages?)(?: (?:svp|stp|merci|please|thanks|thank you|now|maintenant))?$/.test(
    norm(t).replace(/[!.?\s]+$/, ''),
  );
export const isStart = (t: string) =>
  /^(?:start|reprendre|subscribe|abonner|opt[- ]?in)(?: (?:svp|stp|merci|please|thanks))?$/.test(
    norm(t).replace(/[!.?\s]+$/, ''),
  );

/** Single words that are a whole message on their own (not the start of a longer request). */
const COMPLETE_WORDS = new Set([
  ...YES_WORDS.fr,
  ...YES_WORDS.en,
  ...NO_WORDS.fr,
  ...NO_WORDS.en,
  'stop',
  'start',
  'aide',
  'help',
  'merci',
  'thanks',
  'ok',
  'salut',
  'bonjour',
  'hello',
  'hi',
]);

/**
 * Looks like the first part of a request that continues in the next message: ends with ":" or a
 * comma, or is one lone word such as "crée" or "note". Its burst waits the full window.
 */
export function looksUnfinished(text: string | null): boolean {
  const t = (text ?? '').trim();
  if (!t) return false;
  if (/[:,;–—-]$/.test(t) || t.endsWith('...') || t.endsWith('…')) return true;
  return !/\s/.test(t) && !COMPLETE_WORDS.has(norm(t)) && !/[@\d]/.test(t);
}
