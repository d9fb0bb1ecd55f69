import type { IntentMatch } from '../types.ts';

const VERB =
  '(?:(?:fais|fait|faire|donne|montre|affiche|lance|sors|v[ée]rifie|contr[ôo]le|analyse)[rz]?(?:-moi| moi)?|run|show(?: me)?|give me|check|get|analy[sz]e)';
const DET = '(?:le|la|les|un|une|des|mes|nos|the|a|an|my|our)';
const ENT =
  '(leads?|prospects?|contacts?|comptes?|accounts?|entreprises?|soci[ée]t[ée]s?|companies|company|opportunit[ée]s?|opportunit(?:y|ies)|deals?|affaires?)';
const SUBJECT = `(?:donn[ée]es|data|crm|fiches|records|${ENT})`;
const REPORT =
  "(?:rapport|bilan|audit|contr[ôo]le)\\s+(?:de |sur la |d')?qualit[ée]|qualit[ée](?:\\s+(?:report|check))?|(?:data )?quality(?:\\s+(?:report|check|audit))?";
const MISSING = `(?:fiches?|records?|${ENT}|donn[ée]es|data)\\s+(?:incompl[èe]te?s?|incomplete|manquantes?|missing)|(?:incomplete|missing)\\s+(?:records?|data|${ENT})`;

/**
 * "rapport qualité", "qualité des données", "vérifie la qualité des leads", "fiches incomplètes",
 * "data quality report", "check data quality of contacts", "incomplete opportunities".
 */
const QUALITY = new RegExp(
  `^(?:${VERB}\\s+)?(?:${DET}\\s+)?(?:${REPORT}|${MISSING})(?:\\s+(?:des|de la|du|de|d'|of|of the|in|in the|for|on|sur|dans)\\s*(?:${DET}\\s+)?${SUBJECT})?(?:\\s+(?:du|dans le|in the|of the) crm)?\\s*[?!.]*$`,
  'iu',
);

function entityOf(word: string | undefined): string | undefined {
  if (!word) return undefined;
  if (/^(?:lead|prospect)/i.test(word)) return 'Lead';
  if (/^contact/i.test(word)) return 'Contact';
  if (/^opportunit|^deal|^affaire/i.test(word)) return 'Opportunity';
  return 'Account';
}

export function parseQuality(text: string): IntentMatch | null {
  const m = QUALITY.exec(text);
  if (!m) return null;
  const entity = entityOf(m.slice(1).find(Boolean));
  return { call: { name: 'data_quality_report', args: entity ? { entity } : {} } };
}
