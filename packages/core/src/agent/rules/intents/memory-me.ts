import { cleanName, isName } from '../names.ts';
import type { IntentMatch } from '../types.ts';

const NAME =
  /^(?:appelle[sz]?-moi|appelez-moi|appelle[sz]?\s+moi|call\s+me|je\s+m'appelle|my\s+name\s+is|mon\s+pr[ée]nom\s+est|i'm\s+called)\s+(.+)$/iu;
// "call me back", "appelle-moi demain": a call, not a name.
const NOT_A_NAME =
  /^(?:back|later|tomorrow|today|tonight|now|asap|soon|when|if|at|on|in|before|after|please|demain|aujourd'hui|ce|cet|cette|plus|apr[èe]s|avant|quand|si|à|a|au|vers|le|la|les|d[èe]s|stp|svp|maintenant|bient[ôo]t|tout)(?![\p{L}])/iu;
const LANGUAGE =
  /^(?:r[ée]ponds|r[ée]pondez|r[ée]pondre|parle|parlez|[ée]cris|[ée]crivez|reply|answer|respond|speak|talk|write)(?:-moi|-nous|\s+moi|\s+to\s+me|\s+me)?(?:\s+(?:toujours|d[ée]sormais|maintenant|dor[ée]navant|always|from\s+now\s+on))?\s+(?:en\s+|in\s+)?(anglais|fran[çc]ais|english|french)(?:\s+(?:d[ée]sormais|dor[ée]navant|maintenant|from\s+now\s+on|please|now))?$/iu;

const LANGS: Record<string, 'fr' | 'en'> = {
  anglais: 'en',
  english: 'en',
  français: 'fr',
  francais: 'fr',
  french: 'fr',
};

/** "appelle-moi Marie", "call me Marie", "réponds-moi en anglais", "reply in French". */
export function parseMemoryMe(text: string): IntentMatch | null {
  const t = text.replace(/[\s!.]+$/, '').trim();
  const lang = LANGUAGE.exec(t);
  if (lang) {
    const language = LANGS[lang[1]!.toLowerCase()];
    if (language) return { call: { name: 'set_my_preferences', args: { language } } };
  }
  const m = NAME.exec(t);
  if (!m) return null;
  const name = cleanName(m[1] ?? '');
  if (!name || NOT_A_NAME.test(name) || /\d/.test(name) || !isName(name) || name.split(' ').length > 3)
    return null;
  return { call: { name: 'set_my_preferences', args: { name } } };
}
