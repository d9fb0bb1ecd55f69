import { findDueDate } from '../../calendar/dates.ts';
import { amountOf, currencyCode } from '../../tools/opportunities/money.ts';

/** The words for an opportunity (FR/EN). */
export const OPPORTUNITY_WORDS = '(?:opportunit(?:[ée]s?|y|ies)|affaires?|deals?|oppo?s?)';

// Spoken stages → EspoCRM's Opportunity stages (a word not listed here is passed as typed: the tool
// checks it against the CRM's live options and the reply names them).
const STAGES: Array<[RegExp, string]> = [
  [/^(?:prospection|prospecting|prospect)$/iu, 'Prospecting'],
  [/^(?:qualification|qualifi[ée]e?|qualified|qualifying)$/iu, 'Qualification'],
  [
    /^(?:proposition|proposal|devis envoy[ée]|offre envoy[ée]e|proposal sent|quote sent|offre|devis)$/iu,
    'Proposal',
  ],
  [/^(?:n[ée]gociation|n[ée]go|negotiation|negotiating)$/iu, 'Negotiation'],
  [/^(?:gagn[ée]e?|sign[ée]e?|remport[ée]e?|conclue?|won|closed won|signed)$/iu, 'Closed Won'],
  [/^(?:perdue?|abandonn[ée]e?|lost|closed lost)$/iu, 'Closed Lost'],
];

const STAGE_LEAD =
  /^(?:(?:à l'|a l'|l'|en |au |at |in |the |stage |[ée]tape |statut |status |phase |stade )+)/iu;

/** A stage said in words ("négociation", "gagnée", "closed won"); null when the words are not a stage. */
export function stageOf(words: string): string | null {
  const w = words
    .trim()
    .replace(/[.!?]+$/, '')
    .replace(STAGE_LEAD, '')
    .trim();
  // Plurals and agreement: "gagnées", "lost ones" read as the stage word.
  const single = w.replace(/s$/i, '');
  return STAGES.find(([re]) => re.test(w) || re.test(single))?.[1] ?? null;
}

// An amount with its currency before or after ("5000 €", "12 000 euros", "$5,000", "5k€"), or after a
// label ("montant 5000"). Bounded runs: linear on any input.
const NUMBER = "\\d(?:[\\d .,\\u202f']{0,14}\\d)?";
const CUR = '€|euros?|eur|\\$|usd|dollars?|£|gbp|chf';
const AMOUNT = new RegExp(
  `(?<![\\p{L}\\d])(?:(€|\\$|£)\\s?(${NUMBER})(k)?|(${NUMBER})\\s?(k)?\\s?(${CUR})(?![\\p{L}])|(?:montant|amount|valeur|value|worth)\\s*(?:de|of|:)?\\s*(${NUMBER})(k)?)(?![\\d])`,
  'iu',
);

export interface AmountMatch {
  amount: number;
  currency?: string;
  phrase: string;
}

/** The first amount the text states, with its currency when one is said. */
export function findAmount(text: string): AmountMatch | null {
  const m = AMOUNT.exec(text);
  if (!m) return null;
  const digits = m[2] ?? m[4] ?? m[7] ?? '';
  const k = m[3] ?? m[5] ?? m[8];
  const n = amountOf(digits.replace(/\s/g, ''));
  if (n === null) return null;
  const cur = m[1] ?? m[6];
  return { amount: k ? n * 1000 : n, ...(cur ? { currency: currencyCode(cur) } : {}), phrase: m[0] };
}

const CLOSE_LABEL =
  /(?<![\p{L}])(?:date de cl[ôo]ture|cl[ôo]ture|cl[ôo]turer|closing date|close date|closing|close|[ée]ch[ée]ance|signature pr[ée]vue|expected close)(?![\p{L}])\s*(?:pr[ée]vue?\s*)?(?::|le|au|pour|on|by|in|dans)?\s*/iu;

/** "clôture le 15 décembre", "close date 2026-12-15", "closing next week": the close date. */
export function findCloseDate(text: string, today: string): { date: string; phrase: string } | null {
  const label = CLOSE_LABEL.exec(text);
  if (!label) return null;
  const rest = text.slice(label.index + label[0].length);
  const due = findDueDate(rest.slice(0, 60), today);
  if (!due || due.index > 3) return null;
  return {
    date: due.date,
    phrase: text.slice(label.index, label.index + label[0].length + due.index + due.phrase.length),
  };
}
