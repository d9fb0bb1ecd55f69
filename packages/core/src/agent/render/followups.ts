import type { Locale as Lang } from '../../store/types.ts';
import type { ToolOutcome } from '../types.ts';

type Ok = Extract<ToolOutcome, { ok: true }>;
type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

export const STATUS_LABELS: Record<Lang, Record<string, string>> = {
  fr: {
    New: 'Nouveau',
    Assigned: 'Assigné',
    'In Process': 'En cours',
    Converted: 'Converti',
    Recycled: 'Recyclé',
    Dead: 'Perdu',
  },
  en: {
    New: 'New',
    Assigned: 'Assigned',
    'In Process': 'In Process',
    Converted: 'Converted',
    Recycled: 'Recycled',
    Dead: 'Dead',
  },
};

export const FOLLOWUP_RENDERERS: Record<string, (o: Ok, lang: Lang) => string> = {
  followups_planned: (o, lang) => {
    const n = Number(o.detail?.count ?? 0);
    return lang === 'fr'
      ? `📣 Relance programmée : ${n} message(s), envoyés un par un dans la limite du jour de votre numéro. Je vous envoie le rapport à la fin.`
      : `📣 Follow-up scheduled: ${n} message(s), sent one by one within your number's daily cap. I'll send you the report at the end.`;
  },
};

export const FOLLOWUP_INVALID_RENDERERS: Record<string, (o: Invalid, lang: Lang) => string> = {
  no_followup_targets: (o, lang) =>
    lang === 'fr'
      ? `Aucun lead à relancer avec ces critères et un consentement WhatsApp enregistré${o.value ?? ''}.`
      : `No lead to follow up with these criteria and recorded WhatsApp consent${o.value ?? ''}.`,
};

/** The report a bulk follow-up's sender gets at its end. */
export function followupReport(
  lang: Lang,
  r: { total: number; sent: number; skipped: number; failed: number; cancelled: number },
): string {
  return lang === 'fr'
    ? `📣 Relance terminée : ${r.sent}/${r.total} envoyé(s) · ${r.skipped} non envoyé(s) (consentement retiré, STOP ou numéro manquant) · ${r.failed} en échec · ${r.cancelled} annulé(s).`
    : `📣 Follow-up done: ${r.sent}/${r.total} sent · ${r.skipped} not sent (consent withdrawn, STOP or no phone) · ${r.failed} failed · ${r.cancelled} cancelled.`;
}
