import type { IntentMatch } from '../types.ts';

const TOPICS: Array<[string, RegExp]> = [
  ['goals', /^(?:(?:nos|mes|our|my)\s+)?(?:objectifs?|goals?|targets?)$/iu],
  ['preferences', /^(?:(?:nos|mes|our|my)\s+)?(?:pr[ée]f[ée]rences?|preferences?)$/iu],
  ['notes', /^(?:(?:nos|mes|tes|our|my|your)\s+)?notes?$/iu],
  [
    'defaults',
    /^(?:(?:nos|mes|our|my|les|the)\s+)?(?:valeurs\s+par\s+d[ée]faut|d[ée]fauts|defaults|default\s+values)$/iu,
  ],
  ['profile', /^(?:(?:notre|mon|our|my|le|the)\s+)?(?:profil|profile)$/iu],
];
// Who "us" is: the business as a whole.
const US =
  /^(?:nous|us|moi|me|nous\s+et\s+notre\s+entreprise|(?:notre|mon|our|my|la|the)\s+(?:entreprise|soci[ée]t[ée]|agence|boîte|boite|business|company|firm|agency|activit[ée]))$/iu;

const ASK_FR =
  /^(?:qu'est-ce\s+que|qu'est\s+ce\s+que|que|qu')\s*(?:tu\s+sais|sais-tu|tu\s+connais|connais-tu|tu\s+as\s+retenu|as-tu\s+retenu|tu\s+retiens|tu\s+te\s+rappelles|tu\s+te\s+souviens)(?:\s+(?:de|d'|sur|à\s+propos\s+de|au\s+sujet\s+de)\s*(.+))?$/iu;
const ASK_EN =
  /^what\s+(?:do\s+you\s+know|do\s+you\s+remember|have\s+you\s+(?:got|remembered|learned|learnt)|did\s+you\s+remember)(?:\s+(?:about|of|on)\s+(.+))?$/iu;
const SHOW =
  /^(?:montre[rz]?|affiche[rz]?|donne[rz]?|show|display|give)(?:-moi|\s+moi|\s+me)?\s+(?:ta|la|votre|your|the)\s+(?:m[ée]moire|memory)$|^(?:ta|la|your)\s+(?:m[ée]moire|memory)$/iu;
const GOALS =
  /^(?:quels?\s+sont\s+nos\s+objectifs|quel\s+est\s+notre\s+objectif|what\s+are\s+our\s+goals|what(?:'s|\s+is)\s+our\s+goal)$/iu;

/** "qu'est-ce que tu sais de nous ?", "what do you know about us?", "montre ta mémoire". */
export function parseMemoryRecall(text: string): IntentMatch | null {
  const t = text.replace(/[\s?!.]+$/, '').trim();
  if (SHOW.test(t)) return { call: { name: 'recall', args: {} } };
  if (GOALS.test(t)) return { call: { name: 'recall', args: { topic: 'goals' } } };
  const m = ASK_FR.exec(t) ?? ASK_EN.exec(t);
  if (!m) return null;
  const about = (m[1] ?? '').trim();
  if (!about || US.test(about)) return { call: { name: 'recall', args: {} } };
  for (const [topic, re] of TOPICS) if (re.test(about)) return { call: { name: 'recall', args: { topic } } };
  // "what do you know about Dupont" asks about a record, not about the business.
  return null;
}
