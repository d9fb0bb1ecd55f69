import type { RecordSummary } from '../entities/summary.ts';
import type { Lang } from '../lang.ts';
import { entityLabel } from '../render/records.ts';

/** "le lead", "l'opportunité", "la mission MAX"; "the lead". */
export function theOne(entity: string, lang: Lang): string {
  const l = entityLabel(entity, lang);
  if (lang === 'en') return `the ${l.one}`;
  if (/^[aeéèêiîoôuh]/i.test(l.one)) return `l'${l.one}`;
  return `${l.feminine ? 'la' : 'le'} ${l.one}`;
}

/** "les leads", "the leads". */
export const theMany = (entity: string, lang: Lang) =>
  `${lang === 'fr' ? 'les' : 'the'} ${entityLabel(entity, lang).many}`;

/** "aux leads" / "to leads": the French article merges with "à". */
export const toMany = (entity: string, lang: Lang) =>
  `${lang === 'fr' ? 'aux' : 'to'} ${entityLabel(entity, lang).many}`;

/** Quoted the way each language quotes. */
export const quoted = (s: string, lang: Lang) => (lang === 'fr' ? `« ${s} »` : `"${s}"`);

/** A record as a person recognises it: its name, then how to reach it and where it works. */
function plain(r: RecordSummary, lang: Lang): string {
  const name = r.name?.trim() || (lang === 'fr' ? '(sans nom)' : '(no name)');
  const details = [r.emailAddress || r.phoneNumber, r.accountName].filter(Boolean);
  return details.length ? `${name} (${details.join(', ')})` : name;
}

/**
 * The records of one question, each readable on its own; two that would read the same (same name,
 * same details) carry their CRM id too, after the name, so the sender can tell which is kept.
 */
export function recordNames(records: RecordSummary[], lang: Lang): string[] {
  const labels = records.map((r) => plain(r, lang));
  return labels.map((l, i) => (labels.indexOf(l) !== labels.lastIndexOf(l) ? `${l} [${records[i]!.id}]` : l));
}

/** "A", "A et B", "A, B et C". */
export function listOf(items: string[], lang: Lang): string {
  if (items.length < 2) return items.join('');
  const and = lang === 'fr' ? ' et ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${and}${items.at(-1)}`;
}

/** French puts a space before a question mark and a colon. */
export const qm = (lang: Lang) => (lang === 'fr' ? ' ?' : '?');
