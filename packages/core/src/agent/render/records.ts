import { type EntityLabel, entitySpec } from '../entities/specs.ts';
import type { RecordSummary } from '../entities/summary.ts';
import type { Lang } from '../lang.ts';
import { isPlural, pluralS } from './plural.ts';

/** A record in one line: name, contact details, the CRM's id, its state and a few attributes. */
export function recordLabel(r: RecordSummary): string {
  const extra = [r.emailAddress, r.accountName].filter(Boolean).join(', ');
  return `${r.name ?? '(sans nom)'}${extra ? ` (${extra})` : ''} [${r.id}]`;
}

export function recordLine(r: RecordSummary): string {
  const more = Object.entries(r.extra ?? {})
    .filter(([k]) => !k.endsWith('Currency'))
    .map(([k, v]) =>
      k === 'amount' || k === 'budget' ? `${v} ${r.extra?.[`${k}Currency`] ?? ''}`.trim() : String(v),
    );
  return `• ${recordLabel(r)}${r.status ? ` — ${r.status}` : ''}${more.length ? ` · ${more.join(' · ')}` : ''}`;
}

const fallback: Record<Lang, EntityLabel> = {
  fr: { one: 'fiche', many: 'fiches', feminine: true },
  en: { one: 'record', many: 'records' },
};

export function entityLabel(entity: string | undefined, lang: Lang): EntityLabel {
  return entitySpec(entity ?? 'Lead')?.label[lang] ?? fallback[lang];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** French past participles agree with the entity's gender: créé / créée. */
const e = (l: EntityLabel, lang: Lang) => (lang === 'fr' && l.feminine ? 'e' : '');

/** Replies for what any entity's tools do (created, found, updated…). */
export const recordReplies = {
  created: (l: EntityLabel, lang: Lang, r: string) =>
    lang === 'fr' ? `✅ ${cap(l.one)} créé${e(l, lang)} : ${r}` : `✅ ${cap(l.one)} created: ${r}`,
  exists: (l: EntityLabel, lang: Lang, r: string) =>
    lang === 'fr'
      ? `ℹ️ ${cap(l.one)} déjà existant${e(l, lang)} : ${r}`
      : `ℹ️ This ${l.one} already exists: ${r}`,
  updated: (l: EntityLabel, lang: Lang, r: string, changes: string) =>
    (lang === 'fr' ? `✅ ${cap(l.one)} mis${e(l, lang)} à jour : ${r}` : `✅ ${cap(l.one)} updated: ${r}`) +
    (changes ? `\n${changes}` : ''),
  deleted: (l: EntityLabel, lang: Lang, r: string) =>
    lang === 'fr' ? `🗑️ ${cap(l.one)} supprimé${e(l, lang)} : ${r}` : `🗑️ ${cap(l.one)} deleted: ${r}`,
  found: (l: EntityLabel, lang: Lang, n: number, total: number) =>
    lang === 'fr'
      ? `🔎 ${total} ${isPlural('fr', total) ? l.many : l.one} trouvé${e(l, lang)}${pluralS('fr', total)}${total > n ? ` (les ${n} plus récent${e(l, lang)}s)` : ''} :`
      : `🔎 ${total} ${isPlural('en', total) ? l.many : l.one} found${total > n ? ` (the ${n} most recent)` : ''}:`,
  none: (l: EntityLabel, lang: Lang) =>
    lang === 'fr' ? `Aucun${e(l, lang)} ${l.one} trouvé${e(l, lang)}.` : `No ${l.one} found.`,
  listed: (l: EntityLabel, lang: Lang, n: number) =>
    lang === 'fr'
      ? `🗂️ ${n} dernier${l.feminine ? 'e' : ''}${pluralS('fr', n)} ${isPlural('fr', n) ? l.many : l.one} :`
      : `🗂️ Last ${n} ${isPlural('en', n) ? l.many : l.one}:`,
  linked: (lang: Lang, a: string, b: string) =>
    lang === 'fr' ? `🔗 ${a} rattaché à ${b}` : `🔗 ${a} linked to ${b}`,
  ambiguous: (l: EntityLabel, lang: Lang) =>
    lang === 'fr' ? `Plusieurs ${l.many} correspondent, lequel ?` : `Several ${l.many} match, which one?`,
  notFound: (l: EntityLabel, lang: Lang, what: string) =>
    lang === 'fr'
      ? what
        ? `Je ne trouve aucun${e(l, lang)} ${l.one} pour « ${what} ».`
        : `De quel${l.feminine ? 'le' : ''} ${l.one} parlez-vous ? Donnez un nom, un email ou un téléphone.`
      : what
        ? `I can't find any ${l.one} for "${what}".`
        : `Which ${l.one} do you mean? Give a name, an email or a phone.`,
};
