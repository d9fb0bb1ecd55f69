import { cleanName } from '../names.ts';
import { targetFrom } from '../target.ts';
import type { IntentMatch } from '../types.ts';
import { refOf } from './contact-update.ts';

const LINK_VERB =
  '(?:rattache[rz]?|relie[rz]?|lie[rz]?|associe[rz]?|attache[rz]?|link|attach|connect|associate)';
const UNLINK_VERB = '(?:d[ée]tache[rz]?|d[ée]lie[rz]?|dissocie[rz]?|unlink|detach|disconnect|dissociate)';
// "-le", "-la", "-les", "-lui": the record in focus ("rattache-le à Acme"). "détache Marie Dupont de
// Boulangerie Dupont", "unlink Mary Smith from Acme".
const FOCUS = '(?:-(?:le|la|les|lui)(?![\\p{L}]))?';
const ENTITY_WORD =
  "(?:(?:le|la|l'|les|the|this|ce|cette|cet)\\s*)?(?:contacts?|interlocut(?:eur|rice)s?|comptes?|soci[ée]t[ée]s?|entreprises?|accounts?|compan(?:y|ies)|opportunit(?:[ée]s?|y|ies)|affaires?|deals?)(?![\\p{L}@])";
const TO = '(?:à|a|au|aux|avec|with|to)\\s+';
const FROM = "(?:(?:de|du|des|from)\\s+|d')";
/** Verb, then the first end, then a separator; preferably the one an entity word follows. */
const shape = (verb: string, sep: string, explicit: boolean) =>
  new RegExp(
    `^${verb}${FOCUS}\\s+(?:(.{1,120}?)\\s+)??${sep}(${explicit ? ENTITY_WORD : ''}.{${explicit ? 0 : 1},120})$`,
    'iu',
  );
const LINKS = [shape(LINK_VERB, TO, true), shape(LINK_VERB, TO, false)];
// "détache Anne de la Tour du compte Acme": the "de" before the entity word splits, not the first one.
const UNLINKS = [shape(UNLINK_VERB, FROM, true), shape(UNLINK_VERB, FROM, false)];

const ENTITY_OF: Array<[RegExp, string]> = [
  [/^(?:contacts?|interlocut(?:eur|rice)s?)$/iu, 'Contact'],
  [/^(?:comptes?|soci[ée]t[ée]s?|entreprises?|accounts?|compan(?:y|ies))$/iu, 'Account'],
  [/^(?:opportunit(?:[ée]s?|y|ies)|affaires?|deals?)$/iu, 'Opportunity'],
];
const END =
  /^(?:(?:le|la|l'|les|the|this|ce|cette|cet)\s*)?(contacts?|interlocut(?:eur|rice)s?|comptes?|soci[ée]t[ée]s?|entreprises?|accounts?|compan(?:y|ies)|opportunit(?:[ée]s?|y|ies)|affaires?|deals?)(?![\p{L}@])\s*(.*)$/iu;

/** One end: "le contact Marie Dupont" → Contact, "Marie Dupont"; "" → the record in focus. */
function endOf(words: string | undefined): { ref?: string; entity?: string } | null {
  const w = cleanName(words ?? '');
  if (!w) return {};
  const m = END.exec(w);
  const entity = m ? ENTITY_OF.find(([re]) => re.test(m[1]!))?.[1] : undefined;
  const target = targetFrom(m ? m[2] : w);
  if (!target) return null;
  const ref = refOf(target);
  return { ...(ref ? { ref } : {}), ...(entity ? { entity } : {}) };
}

/**
 * "rattache Marie Dupont à Boulangerie Dupont", "associe le contact X au compte Y", "lie l'opportunité
 * Site web à Marie Dupont", "link Mary Smith to Acme"; "détache X de Y", "unlink X from Y".
 */
export function parseLink(text: string): IntentMatch | null {
  // Two ends of at most 120 characters and a verb: longer text is not a link, and is not scanned.
  if (text.length > 280) return null;
  const first = (res: RegExp[]) => res.map((re) => re.exec(text)).find(Boolean) ?? null;
  const link = first(LINKS);
  const unlink = link ? null : first(UNLINKS);
  const m = link ?? unlink;
  if (!m) return null;
  const record = endOf(m[1]);
  const other = endOf(m[2]);
  if (!record || !other?.ref) return null;
  return {
    call: {
      name: 'link_records',
      args: {
        ...(record.ref ? { record: record.ref } : {}),
        ...(record.entity ? { recordType: record.entity } : {}),
        to: other.ref,
        ...(other.entity ? { toType: other.entity } : {}),
        ...(unlink ? { unlink: true } : {}),
      },
    },
  };
}
