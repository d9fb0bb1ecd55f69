import type { IntentMatch } from '../types.ts';

const ENT = '(leads?|prospects?|contacts?)';
const DET = '(?:les|des|mes|nos|the|my|our|any|some|all)';
const VERB =
  "(?:trouve[rz]?|cherche[rz]?|recherche[rz]?|montre[rz]?|affiche[rz]?|liste[rz]?|v[ée]rifie[rz]?|d[ée]tecte[rz]?|rep[èe]re[rz]?|identifie[rz]?)(?:-moi| moi)?|y a-t-il|est-ce qu'il y a|il y a|find|search(?: for)?|show(?: me)?|list|check(?: for)?|detect|look for|are there|do we have|do i have";
const KEYWORD = '(?:doublons?|duplicates?|duplicated|en double)';

/**
 * "cherche les doublons", "y a-t-il des contacts en double ?", "doublons de leads", "find duplicates",
 * "any duplicate contacts?", "are there duplicates in my leads?". The whole message must be the ask.
 */
const FIND = new RegExp(
  `^(?:(?:${VERB})\\s+)?(?:${DET}\\s+)?(?:${ENT}\\s+)?${KEYWORD}(?:\\s+${ENT})?(?:\\s+(?:de|des|d'|parmi|dans|among|in|of|for)\\s*(?:${DET}\\s+)?${ENT})?(?:\\s+(?:dans le|du|in the) crm)?\\s*[?!.]*$`,
  'iu',
);

const entityOf = (word: string | undefined) =>
  !word ? undefined : /^contact/i.test(word) ? 'Contact' : 'Lead';

export function parseFindDuplicates(text: string): IntentMatch | null {
  const m = FIND.exec(text);
  if (!m) return null;
  const entity = entityOf(m[1] ?? m[2] ?? m[3]);
  return { call: { name: 'find_duplicates', args: entity ? { entity } : {} } };
}

const ID = '(?:[0-9a-f]{17}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const INTO = '(?:dans|vers|en|into|to)';
const WITH = '(?:avec|et|with|and|&|,)';
const REC = "(?:(?:le|la|l'|the)\\s*)?(?:(?:lead|prospect|contact|fiche|record)\\s+)?";

/**
 * "fusionne <id> dans <id>", "fusionne les leads <id> et <id>", "merge <id>, <id> into <id>",
 * "merge <id> with <id>". Only record ids: which records merge is never guessed from a name, and
 * the merge itself waits for the sender's yes. "into" keeps the last record; "and"/"with" the first.
 */
const MERGE = new RegExp(
  `^(?:fusionne[rz]?|merge)\\s+(?:(?:les|le|la|the)\\s+)?(?:${ENT}\\s+)?(${ID}(?:\\s*(?:${WITH}|${INTO})\\s*${REC}${ID}){1,5})\\s*[.!]?$`,
  'iu',
);
const PIECES = new RegExp(`(${WITH}|${INTO})?\\s*${REC}(${ID})`, 'giu');

export function parseMerge(text: string): IntentMatch | null {
  const m = MERGE.exec(text);
  if (!m) return null;
  const ids: string[] = [];
  let into = false;
  for (const p of m[2]!.matchAll(PIECES)) {
    ids.push(p[2]!.toLowerCase());
    into = Boolean(p[1] && new RegExp(`^${INTO}$`, 'iu').test(p[1]));
  }
  // "into" before the last id: that one is kept; otherwise the first named is kept.
  const targetId = into ? ids.at(-1)! : ids[0]!;
  const sourceIds = [...new Set(ids.filter((id) => id !== targetId))];
  if (!sourceIds.length) return null;
  const entity = entityOf(m[1]);
  return { call: { name: 'merge_records', args: { ...(entity ? { entity } : {}), targetId, sourceIds } } };
}
