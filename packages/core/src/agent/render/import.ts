import type { Locale as Lang } from '../../store/types.ts';
import type { ImportPlan } from '../import/plan.ts';
import type { RowProblem } from '../import/rows.ts';
import { IMPORT_LIMITS } from '../import/sheet.ts';
import type { ToolOutcome } from '../types.ts';

type Ok = Extract<ToolOutcome, { ok: true }>;
type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

const LISTED = 10;
/** French puts a space before a colon, English does not. */
const c = (lang: Lang) => (lang === 'fr' ? ' : ' : ': ');
const lines = (ns: number[]) => ns.slice(0, LISTED).join(', ') + (ns.length > LISTED ? '…' : '');
const n = (x: number, lang: Lang) => x.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB');

const WHY: Record<Lang, Record<RowProblem['reason'], string>> = {
  fr: {
    no_name: 'ni nom, ni e-mail, ni téléphone',
    email: 'e-mail invalide',
    phone: 'téléphone invalide',
    option: 'valeur inconnue',
  },
  en: {
    no_name: 'no name, e-mail or phone',
    email: 'invalid e-mail',
    phone: 'invalid phone',
    option: 'unknown value',
  },
};

const limits = (lang: Lang) =>
  lang === 'fr'
    ? `Limites : ${IMPORT_LIMITS.maxBytes / 1024 / 1024} Mo et ${n(IMPORT_LIMITS.maxRows, lang)} lignes par fichier.`
    : `Limits: ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB and ${n(IMPORT_LIMITS.maxRows, lang)} rows per file.`;

function problems(list: RowProblem[], lang: Lang): string {
  return list
    .slice(0, LISTED)
    .map(
      (p) =>
        `${lang === 'fr' ? 'ligne' : 'row'} ${p.line}${c(lang)}${WHY[lang][p.reason]}${p.field ? ` (${p.field})` : ''}`,
    )
    .join(' ; ');
}

/** The preview of an import: what each column fills, how many rows, which are invalid or already known. */
export function renderImportPreview(plan: ImportPlan, fileName: string, lang: Lang): string {
  const fr = lang === 'fr';
  const what = plan.entity === 'Contact' ? (fr ? 'contacts' : 'contacts') : 'leads';
  const mapped = plan.columns.filter((c) => c.field).map((c) => `${c.header} → ${c.field}`);
  const ignored = plan.columns.filter((c) => !c.field && c.header).map((c) => c.header);
  const { invalid, repeated } = plan.checked;
  const out = [
    `📄 ${fileName}${c(lang)}${n(plan.rows, lang)} ${fr ? 'lignes' : 'rows'}${plan.overCap ? (fr ? ` (+${n(plan.overCap, lang)} au-delà de la limite, non lues)` : ` (+${n(plan.overCap, lang)} past the limit, not read)`) : ''}`,
    `${fr ? 'Colonnes' : 'Columns'}${c(lang)}${mapped.join(', ') || '—'}`,
    ...(ignored.length ? [`${fr ? 'Ignorées' : 'Ignored'}${c(lang)}${ignored.join(', ')}`] : []),
    `✅ ${fr ? 'Nouveaux' : 'New'} ${what}${c(lang)}${n(plan.fresh.length, lang)}`,
    `🔁 ${fr ? 'Déjà dans le CRM (même e-mail ou téléphone : complétés, jamais écrasés)' : 'Already in the CRM (same e-mail or phone: completed, never overwritten)'}${c(lang)}${n(plan.existing.length, lang)}${plan.existing.length ? ` (${fr ? 'lignes' : 'rows'} ${lines(plan.existing.map((e) => e.row.line))})` : ''}`,
    ...(repeated.length
      ? [
          `↩️ ${fr ? 'En double dans le fichier (ignorées)' : 'Repeated in the file (skipped)'}${c(lang)}${n(repeated.length, lang)} (${fr ? 'lignes' : 'rows'} ${lines(repeated)})`,
        ]
      : []),
    ...(invalid.length
      ? [
          `⚠️ ${fr ? 'Invalides (ignorées)' : 'Invalid (skipped)'}${c(lang)}${n(invalid.length, lang)} — ${problems(invalid, lang)}`,
        ]
      : []),
    limits(lang),
  ];
  const todo = plan.fresh.length + plan.existing.length;
  out.push(
    todo === 0
      ? fr
        ? 'Rien à importer.'
        : 'Nothing to import.'
      : fr
        ? `Répondez « oui » pour importer, « non » pour annuler.`
        : 'Reply "yes" to import, "no" to cancel.',
  );
  return out.join('\n');
}

export const IMPORT_RENDERERS: Record<string, (o: Ok, lang: Lang) => string> = {
  imported: (o, lang) => {
    const d = o.detail ?? {};
    const fr = lang === 'fr';
    const errors = (d.errors as Array<{ line: number; reason: string }>) ?? [];
    const skippedLines = (d.skippedLines as number[]) ?? [];
    return [
      `✅ Import ${String(d.fileName ?? '')} ${fr ? 'terminé' : 'done'}`,
      `• ${fr ? 'créés' : 'created'}${c(lang)}${d.created}`,
      `• ${fr ? 'complétés' : 'updated'}${c(lang)}${d.updated}`,
      `• ${fr ? 'doublons ignorés' : 'duplicates skipped'}${c(lang)}${Number(d.skipped) + Number(d.repeated ?? 0)}${skippedLines.length ? ` (${fr ? 'lignes' : 'rows'} ${lines(skippedLines)})` : ''}`,
      `• ${fr ? 'lignes invalides' : 'invalid rows'}${c(lang)}${d.invalid}`,
      `• ${fr ? 'erreurs' : 'errors'}${c(lang)}${errors.length}${
        errors.length
          ? ` (${errors
              .slice(0, LISTED)
              .map((e) => `${fr ? 'ligne' : 'row'} ${e.line}${c(lang)}${e.reason}`)
              .join(' ; ')})`
          : ''
      }`,
    ].join('\n');
  },
};

const T = {
  fr: {
    gone: (f: string) => `⛔ Le fichier ${f} n'est plus disponible : renvoyez-le pour l'importer.`,
    changed: (f: string) => `⛔ Le fichier ${f} n'est plus celui de l'aperçu : renvoyez-le.`,
    off: 'Les imports se font sur WhatsApp : envoyez-y le fichier CSV ou XLSX.',
    bytes: `⛔ Fichier trop lourd (au plus ${IMPORT_LIMITS.maxBytes / 1024 / 1024} Mo).`,
    unreadable: '⛔ Je ne peux pas lire ce fichier : envoyez un CSV ou un XLSX (Excel).',
  },
  en: {
    gone: (f: string) => `⛔ The file ${f} is no longer available: send it again to import it.`,
    changed: (f: string) => `⛔ The file ${f} is not the one of the preview: send it again.`,
    off: 'Imports happen on WhatsApp: send the CSV or XLSX file there.',
    bytes: `⛔ File too large (at most ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB).`,
    unreadable: "⛔ I can't read this file: send a CSV or an XLSX (Excel) file.",
  },
} as const;

export const IMPORT_INVALID_RENDERERS: Record<string, (o: Invalid, lang: Lang) => string> = {
  file_gone: (o, lang) => T[lang].gone(o.value ?? ''),
  file_changed: (o, lang) => T[lang].changed(o.value ?? ''),
  import_unavailable: (_o, lang) => T[lang].off,
  too_many_bytes: (_o, lang) => T[lang].bytes,
  unreadable: (_o, lang) => T[lang].unreadable,
};
