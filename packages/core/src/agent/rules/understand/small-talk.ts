/**
 * Messages that are not commands: a greeting, thanks, "ok", "how are you", goodbye, "what can you
 * do". Every word must belong to such a phrase (and MAX's name may be in it); anything else makes it
 * a command or a question for the other readers.
 */
import { fold } from './fold.ts';

export type SmallTalk = 'greeting' | 'thanks' | 'ack' | 'how' | 'bye' | 'help';

const w = (s: string) => s.split(' ');
const ACTS: Array<[SmallTalk, string[]]> = [
  ['ack', w('ok okay oki dac accord entendu noted compris understood marche alright sure')],
  ['how', w('ca va vas comment how are you is it going doing allez tout bien')],
  ['greeting', w('bonjour salut hello hi hey coucou bonsoir yo hola good morning afternoon evening re')],
  [
    'thanks',
    w(
      'merci thanks thank you thx top super parfait genial great perfect cool nickel beaucoup much lot so very bravo',
    ),
  ],
  ['bye', w('au revoir bye goodbye plus tard later see bonne journee soiree nuit night day a demain ciao')],
  ['ack', w('d got it vu')],
];
const ALL = new Set(ACTS.flatMap(([, words]) => words));
const NEUTRAL = new Set(w('max et and toi vous tu te t moi me le la a de the to i there all everyone'));
// Whole-message help requests ("aide", "qu'est-ce que tu sais faire", "what can you do").
const HELP =
  /^(?:aide|help|menu|\?|qu'?est[- ]ce que tu (?:sais|peux) faire|que (?:sais|peux)[- ]tu faire|tu sers a quoi|tu fais quoi|qui es[- ]tu|tu es qui|what can you do|who are you|what do you do|how does it work|comment (?:ca|tu) (?:marche|fonctionne)s?)$/;

/** The kind of small talk a whole message is, or null when it says anything else. */
export function smallTalk(input: string): SmallTalk | null {
  if (input.length > 120) return null;
  const text = fold(input)
    .replace(/[^\p{L}\p{N}'\s?-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\bmax\b/g, ' ')
    .replace(/[\s?!.,]+$/g, '')
    .trim();
  if (!text) return /\p{Extended_Pictographic}/u.test(input) ? 'ack' : null;
  const bare = text.replace(/\s+/g, ' ').replace(/^[\s,]+|[\s,]+$/g, '');
  if (HELP.test(bare)) return 'help';
  const words = bare.split(/[\s'-]+/).filter(Boolean);
  if (!words.length || words.some((x) => !ALL.has(x) && !NEUTRAL.has(x))) return null;
  if (/\d/.test(bare)) return null;
  // The first act that the message opens with wins ("bonjour, ça va ?" is a greeting).
  for (const word of words)
    for (const [act, vocab] of ACTS) if (vocab.includes(word) && !NEUTRAL.has(word)) return act;
  return 'ack';
}
