import { classifyFact } from './classify.ts';
import { type ListKind, PROFILE_FIELDS, type ProfileField, parseKey, sortedEntries } from './keys.ts';

/** What "oublie …" designates: the keys, and whether the words named them (not a text search). */
export interface Designated {
  keys: string[];
  /** Named by key, number or topic: every key listed goes; a text search that finds several asks. */
  named: boolean;
}

const fold = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();

const LIST_WORDS: Array<[ListKind, RegExp]> = [
  ['goal', /^(?:objectifs?|goals?|targets?)$/],
  ['pref', /^(?:preferences?|prefs?)$/],
  ['note', /^notes?$/],
];

const PROFILE_WORDS: Array<[ProfileField, RegExp]> = [
  ['sector', /^(?:secteur|sector|activite|metier|domaine|industry|industrie|business)$/],
  ['offer', /^(?:offre|offer|offering|produits?|products?|services?|prestations?)$/],
  ['customers', /^(?:clients?|clientele|cible|customers?|target customers|audience|market)$/],
  ['tone', /^(?:ton|tone)$/],
  ['hours', /^(?:horaires?|hours|heures|working hours|opening hours)$/],
  ['location', /^(?:adresse|ville|localisation|location|address|city|siege)$/],
];

// Articles and possessives before the topic ("la source par défaut", "our goals").
const LEADING =
  /^(?:(?:le|la|les|mon|ma|mes|notre|nos|ton|ta|tes|the|our|my|your|that|this|ce|cette)\s+|l'\s*)+/;
// "l'objectif 2", "note n°3", "goal #1", "la note sur le client Dupont".
const LIST_REF =
  /^(objectifs?|goals?|targets?|notes?|preferences?|prefs?)(?:\s*(?:n°|no\.?|#|numero|number))?\s*(\d{1,4})?(?:\s+(?:sur|about|concernant|regarding|on|de|du|des|a propos de)\s+(.+)|\s*:\s*(.+))?$/;

const words = (s: string) =>
  fold(s)
    .split(/[^\p{L}\d]+/u)
    .filter((w) => w.length >= 3);

/** Entries whose value holds the words (all of the significant ones, accents and case aside). */
function search(entries: Array<[string, string]>, text: string): string[] {
  const needle = fold(text);
  const ws = words(text);
  return entries
    .filter(([, v]) => {
      const hay = fold(v);
      return hay.includes(needle) || (ws.length > 0 && ws.every((w) => hay.includes(w)));
    })
    .map(([k]) => k);
}

/**
 * Which entries "oublie <what>" means: an exact key ("goal.2"), a numbered reference ("l'objectif 2"),
 * a topic ("le secteur", "la source par défaut", "nos objectifs"), the same kind of sentence as when
 * it was remembered ("que nous sommes à Lyon"), else a search of the values.
 */
export function designate(memory: Record<string, string>, what: string): Designated {
  const entries = sortedEntries(memory);
  const raw = what.trim();
  const exact = entries.find(([k]) => k.toLowerCase() === raw.toLowerCase());
  if (exact) return { keys: [exact[0]], named: true };
  const text = fold(raw).replace(LEADING, '').trim();
  const ref = LIST_REF.exec(text);
  if (ref) {
    const kind = LIST_WORDS.find(([, re]) => re.test(ref[1]!))?.[0];
    const ofKind = entries.filter(([k]) => kind && parseKey(k).kind === kind);
    if (ref[2]) {
      const key = `${kind}.${Number(ref[2])}`;
      return { keys: memory[key] !== undefined ? [key] : [], named: true };
    }
    const about = ref[3] ?? ref[4];
    if (about) return { keys: search(ofKind, about), named: false };
    // "nos objectifs": all of them; "l'objectif" alone: the only one, else which?
    const plural = /s$/.test(ref[1]!);
    return { keys: ofKind.map(([k]) => k), named: plural || ofKind.length === 1 };
  }
  const head = text.split(/\s+(?:par defaut|by default|des|of|for|pour)(?:\s|$)/)[0]!.trim();
  if (/^(?:sources?|lead sources?|default (?:lead )?sources?)$/.test(head))
    return {
      keys: entries.filter(([k]) => /^default\.[A-Za-z]+\.source$/.test(k)).map(([k]) => k),
      named: true,
    };
  for (const [field, re] of PROFILE_WORDS)
    if (re.test(head)) {
      const key = `profile.${field}`;
      return { keys: memory[key] !== undefined ? [key] : [], named: true };
    }
  const fact = classifyFact(raw);
  if (fact.kind === 'profile' && fact.field && PROFILE_FIELDS.includes(fact.field as ProfileField)) {
    const key = `profile.${fact.field}`;
    if (memory[key] !== undefined) return { keys: [key], named: true };
  }
  if (fact.kind === 'default' && fact.field) {
    const key = `default.${fact.field}`;
    if (memory[key] !== undefined) return { keys: [key], named: true };
  }
  return { keys: search(entries, fact.kind === 'note' ? raw : fact.value), named: false };
}
