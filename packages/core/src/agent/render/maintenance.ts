import type { RecordSummary } from '../entities/summary.ts';
import type { Lang } from '../lang.ts';
import type { KindRenderer } from './kind-renderer.ts';
import { isPlural, pluralS } from './plural.ts';
import { entityLabel, recordLabel, recordLine } from './records.ts';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const and = (lang: Lang) => (lang === 'fr' ? ' et ' : ' and ');
const many = (n: number, entity: string, lang: Lang) => {
  const l = entityLabel(entity, lang);
  return `${n} ${isPlural(lang, n) ? l.many : l.one}`;
};
/** French puts a space before a colon, English does not. */
const colon = (lang: Lang) => (lang === 'fr' ? ' :' : ':');
const short = (r: RecordSummary | undefined, id: string) => `${r?.name ?? '(?)'} [${id}]`;

const REASONS: Record<Lang, Record<string, string>> = {
  fr: { email: 'même e-mail', phone: 'même téléphone', name: 'noms proches dans le même compte' },
  en: { email: 'same e-mail', phone: 'same phone', name: 'close names in the same account' },
};

const CHECKS: Record<Lang, Record<string, string>> = {
  fr: {
    no_contact: 'sans e-mail ni téléphone',
    no_email: 'sans e-mail',
    no_phone: 'sans téléphone',
    no_source: 'sans source',
    no_account: 'sans compte',
    no_close_date: 'sans date de clôture',
    no_amount: 'sans montant',
  },
  en: {
    no_contact: 'without e-mail or phone',
    no_email: 'without e-mail',
    no_phone: 'without phone',
    no_source: 'without source',
    no_account: 'without account',
    no_close_date: 'without close date',
    no_amount: 'without amount',
  },
};

interface DuplicatesDetail {
  groups: Array<{ entity: string; reasons: string[]; ids: string[]; size: number }>;
  total: number;
  scanned: Record<string, number>;
  partial: string[];
}

/** Groups of likely duplicates, each with its records, why, and the merge command to send. */
const duplicates: KindRenderer = (o, lang) => {
  const d = o.detail as unknown as DuplicatesDetail;
  const byId = new Map(o.records.map((r) => [r.id, r]));
  const among = Object.entries(d.scanned)
    .map(([e, n]) => many(n, e, lang))
    .join(and(lang));
  const partial = d.partial.map((e) =>
    lang === 'fr'
      ? `ℹ️ Seuls les ${entityLabel(e, lang).many} les plus anciens ont été examinés.`
      : `ℹ️ Only the oldest ${entityLabel(e, lang).many} were checked.`,
  );
  if (!d.groups.length)
    return [
      lang === 'fr' ? `✅ Aucun doublon probable parmi ${among}.` : `✅ No likely duplicates among ${among}.`,
      ...partial,
    ].join('\n');
  const more = d.total > d.groups.length;
  const lines = [
    lang === 'fr'
      ? `🔁 ${d.total} groupe${pluralS('fr', d.total)} de doublons probables parmi ${among}${more ? ` (les ${d.groups.length} premiers)` : ''} :`
      : `🔁 ${d.total} group${pluralS('en', d.total)} of likely duplicates among ${among}${more ? ` (first ${d.groups.length})` : ''}:`,
  ];
  d.groups.forEach((g, i) => {
    const why = g.reasons.map((r) => REASONS[lang][r] ?? r).join(', ');
    lines.push(`${i + 1}. ${cap(entityLabel(g.entity, lang).many)} — ${why}`);
    for (const id of g.ids) {
      const r = byId.get(id);
      lines.push(r ? recordLine(r) : `• [${id}]`);
    }
    if (g.size > g.ids.length) lines.push(`• … +${g.size - g.ids.length}`);
    const [keep, ...rest] = g.ids;
    lines.push(
      lang === 'fr'
        ? `→ pour fusionner : « fusionne ${rest.join(' et ')} dans ${keep} »`
        : `→ to merge: "merge ${rest.join(' and ')} into ${keep}"`,
    );
  });
  return [...lines, ...partial].join('\n');
};

/** The record kept (as the CRM returned it) and the ones merged into it. */
const merged: KindRenderer = (o, lang) => {
  const sources = (o.detail?.sources as Array<{ id: string; name: string | null }>) ?? [];
  const list = sources.map((s) => (s.name ? `${s.name} [${s.id}]` : `[${s.id}]`)).join(', ');
  const kept = recordLabel(o.records[0]!);
  return lang === 'fr'
    ? `🔀 Fusion faite dans ${kept} : ${list} ${sources.length > 1 ? 'y ont été fusionnés puis supprimés' : 'y a été fusionné puis supprimé'}.`
    : `🔀 Merged into ${kept}: ${list} ${sources.length > 1 ? 'were' : 'was'} merged and removed.`;
};

interface QualityDetail {
  totals: Record<string, number>;
  checks: Array<{ entity: string; check: string; count: number; ids: string[] }>;
  unused: Array<{ entity: string; field: string }>;
  fieldsChecked: number;
  fieldsSkipped: number;
}

/** Per entity: how many records lack each important field, with a few examples; then unused custom fields. */
const quality: KindRenderer = (o, lang) => {
  const d = o.detail as unknown as QualityDetail;
  const byId = new Map(o.records.map((r) => [r.id, r]));
  const lines = [lang === 'fr' ? '🩺 Qualité des données :' : '🩺 Data quality:'];
  for (const [entity, total] of Object.entries(d.totals)) {
    const mine = d.checks.filter((c) => c.entity === entity);
    if (!mine.length) continue;
    lines.push(`${cap(entityLabel(entity, lang).many)} (${total})${colon(lang)}`);
    for (const c of mine) {
      const ex = c.ids.map((id) => short(byId.get(id), id)).join(', ');
      lines.push(`• ${CHECKS[lang][c.check] ?? c.check}${colon(lang)} ${c.count}${ex ? ` — ex. ${ex}` : ''}`);
    }
  }
  if (!d.checks.length) {
    const all = Object.entries(d.totals)
      .map(([e, n]) => many(n, e, lang))
      .join(', ');
    lines.push(
      lang === 'fr' ? `✅ Aucun champ important vide (${all}).` : `✅ No important field is empty (${all}).`,
    );
  }
  const fields = d.unused.map((u) => `${u.entity}.${u.field}`).join(', ');
  if (fields)
    lines.push(
      lang === 'fr'
        ? `🧹 Champs personnalisés jamais remplis : ${fields}`
        : `🧹 Custom fields no record uses: ${fields}`,
    );
  else if (d.fieldsChecked)
    lines.push(
      lang === 'fr'
        ? `✅ Les ${d.fieldsChecked} champs personnalisés sont utilisés.`
        : `✅ All ${d.fieldsChecked} custom fields are in use.`,
    );
  if (d.fieldsSkipped)
    lines.push(
      lang === 'fr'
        ? `(${d.fieldsSkipped} champ${pluralS('fr', d.fieldsSkipped)} personnalisé${pluralS('fr', d.fieldsSkipped)} non vérifié${pluralS('fr', d.fieldsSkipped)})`
        : `(${d.fieldsSkipped} custom field${pluralS('en', d.fieldsSkipped)} not checked)`,
    );
  return lines.join('\n');
};

/** The maintenance family's kinds (render/kinds.ts spreads them into KIND_RENDERERS). */
export const MAINTENANCE_RENDERERS: Record<string, KindRenderer> = { duplicates, merged, quality };
