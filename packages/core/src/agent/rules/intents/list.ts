import type { IntentMatch } from '../types.ts';

const SHOW =
  '(?:liste[rz]?|montre[rz]?(?:-moi| moi)?|affiche[rz]?(?:-moi| moi)?|donne(?:-moi| moi)|show(?: me)?|list|give me|get|voir|see)';
const RECENT = new RegExp(
  `^(?:${SHOW}\\s+)?(?:(?:les|the|mes|my|nos|our)\\s+)?(?:(\\d{1,3})\\s+)?(?:derni[eè]re?s?|latest|last|recent|most recent|newest|plus r[ée]cents)\\s+(?:(\\d{1,3})\\s+)?(?:leads?|prospects?|contacts?)(?:\\s+(?:cr[ée]{2}s?|created|added|ajout[ée]s))?\\s*\\??$`,
  'iu',
);
const RECENT_AFTER = new RegExp(
  `^(?:${SHOW}\\s+)?(?:(?:les|the|mes|my|nos|our)\\s+)?(?:(\\d{1,3})\\s+)?(?:leads?|prospects?)(?:\\s+(?:r[ée]cents?|recent|recently added|ajout[ée]s r[ée]cemment))?\\s*\\??$`,
  'iu',
);

/** "derniers leads", "liste les 10 derniers leads", "last 3 leads", "show recent leads", "mes leads". */
export function parseList(text: string): IntentMatch | null {
  const m = RECENT.exec(text) ?? RECENT_AFTER.exec(text);
  if (!m) return null;
  // A bare "leads" with no verb is too vague; "leads récents" is not.
  if (/^(?:leads?|prospects?)\s*\??$/i.test(text)) return null;
  // "le dernier lead" / "the last lead": just one.
  const singular = /(?:derni[eè]re?|last|latest|newest)\s+(?:lead|prospect|contact)\s*\??$/iu.test(text);
  const n = Number(m[1] ?? m[2] ?? (singular ? 1 : 0));
  // The tool caps at 20; a bigger ask still lists, just the most it can.
  return { call: { name: 'list_recent', args: n > 0 ? { limit: Math.min(n, 20) } : {} } };
}
