import { findDueDate } from '../../calendar/dates.ts';
import { cleanName } from '../names.ts';
import { targetFrom } from '../target.ts';
import type { IntentMatch } from '../types.ts';
import { parseRecordChange, withTarget } from './contact-update.ts';
import { findAmount, OPPORTUNITY_WORDS, stageOf } from './opportunity-words.ts';

const ART = "(?:(?:la|le|l'|the|this|cette|mon|ma|my)\\s*)?";
const ONE = OPPORTUNITY_WORDS.replace(/s\?/g, '');
// "passe l'opportunité Site web en négociation", "mark deal Website as won", "move deal X to proposal".
const MOVE = new RegExp(
  `^(?:passe[rz]?|mets?|mettre|marque[rz]?|mark|set|move|d[ée]place[rz]?|bascule[rz]?)\\s+${ART}${ONE}(?![\\p{L}@])\\s+(.{1,120}?)\\s+(?:en|à|au|as|to|in|comme|:)\\s+(.{2,60})$`,
  'iu',
);
// "l'opportunité Site web est gagnée", "deal Website is lost", "l'affaire X a été perdue".
const STATEMENT = new RegExp(
  `^${ART}${ONE}(?![\\p{L}@])\\s+(.{1,120}?)\\s+(?:est|is|a été|was|has been|:)\\s+(.{2,60})$`,
  'iu',
);

// "l'affaire Site e-commerce passe en négociation", "the deal Website moves to proposal": noun, name, verb.
const GOES = new RegExp(
  `^${ART}${ONE}(?![\\p{L}@])\\s+(.{1,120}?)\\s+(?:passe|bascule|moves?|goes|is moving|devient|becomes)\\s+(?:en|à|a|au|to|in|into)?\\s*(.{2,60})$`,
  'iu',
);
// "we won Showroom photos!", "on a signé l'affaire Refonte logo", "nous avons perdu le deal X".
const WE_DID = new RegExp(
  `^(?:on a|nous avons|j'ai|we(?:'ve| have)?|i(?:'ve| have)?)\\s+(gagn[ée]|won|sign[ée]|signed|perdu|lost)\\s+(?:${ART}${ONE}(?![\\p{L}@])\\s+)?(.{1,120}?)[.!]*$`,
  'iu',
);
// "le montant de l'oppo Refonte logo passe à 1 800 €", "the amount of deal X is now 5000 €".
const FIELD_GOES = new RegExp(
  `^(?:(?:le|la|l'|the)\\s*)?(montant|amount|valeur|value|prix|price|date de cl[ôo]ture|cl[ôo]ture|close date|closing date|[ée]tape|stage)\\s+(?:de|du|d'|of)\\s*${ART}${ONE}(?![\\p{L}@])\\s+(.{1,120}?)\\s+(?:passe|est|is|goes|devient|becomes)(?:\\s+(?:now|maintenant|d[ée]sormais))?\\s+(?:à|a|to|de|:)?\\s*(.{1,60})$`,
  'iu',
);

const FIELDS: Array<[RegExp, string]> = [
  [/^(?:l'|le |la |the )?(?:montant|amount|valeur|value|prix|price)$/iu, 'amount'],
  [
    /^(?:l'|le |la |the )?(?:date de cl[ôo]ture|cl[ôo]ture|close date|closing date|[ée]ch[ée]ance)$/iu,
    'closeDate',
  ],
  [/^(?:l'|le |la |the )?(?:[ée]tape|stage|statut|status|phase|stade)$/iu, 'stage'],
  [/^(?:l'|le |la |the )?(?:nom|name|titre|title)$/iu, 'name'],
  [/^(?:l'|le |la |the )?(?:probabilit[ée]|probability)$/iu, 'probability'],
];
const fieldFor = (w: string) => FIELDS.find(([re]) => re.test(w.trim()))?.[1] ?? null;

/** The changes a value makes to one field ("6000 €" → amount + currency), or null when it is not one. */
function changesFor(field: string, value: string, today: string): Record<string, unknown> | null {
  if (field === 'amount') {
    // With its currency ("6000 €", "$7,500"), else a bare number read as an amount.
    const a = findAmount(value) ?? findAmount(`montant ${value}`);
    return a ? { amount: a.amount, ...(a.currency ? { currency: a.currency } : {}) } : null;
  }
  if (field === 'closeDate') {
    const d = findDueDate(value, today);
    return d ? { closeDate: d.date } : null;
  }
  if (field === 'stage') {
    const s = stageOf(value) ?? cleanName(value);
    return s && s.length <= 40 ? { stage: s } : null;
  }
  if (field === 'probability') {
    const n = Number(value.replace(/\s*%\s*$/, '').trim());
    return Number.isInteger(n) && n >= 0 && n <= 100 ? { probability: n } : null;
  }
  const v = cleanName(value);
  return v && v.length <= 200 ? { [field]: v } : null;
}

/**
 * "passe l'opportunité Site web en négociation", "l'opportunité X est gagnée", "change le montant de
 * l'opportunité X à 6000 €", "move the close date of deal X to 2027-01-20".
 */
export function parseOpportunityUpdate(text: string, today: string): IntentMatch | null {
  const change = parseRecordChange(text, ONE, fieldFor);
  if (change) {
    const changes = changesFor(change.field, change.value, today);
    return changes
      ? { call: { name: 'update_opportunity', args: withTarget(change.target, { changes }) } }
      : null;
  }
  // A stage move is short (target ≤ 120, stage ≤ 60): longer text is not one, and is not scanned.
  if (text.length > 240) return null;
  const said = FIELD_GOES.exec(text);
  const field = said ? fieldFor(said[1]!) : null;
  if (said && field) {
    const changes = changesFor(field, said[3]!, today);
    const target = targetFrom(said[2]);
    if (!changes || !target) return null;
    return { call: { name: 'update_opportunity', args: withTarget(target, { changes }) } };
  }
  const did = WE_DID.exec(text);
  if (did) {
    const stage = stageOf(did[1]!);
    const target = targetFrom(did[2]);
    // A deal's name is capitalised as written: "we won it" or "on a perdu du temps" are no deal.
    if (!stage || !target || !/^\p{Lu}/u.test(did[2]!.trim())) return null;
    return { call: { name: 'update_opportunity', args: withTarget(target, { changes: { stage } }) } };
  }
  for (const re of [MOVE, STATEMENT, GOES]) {
    const m = re.exec(text);
    // Only a known stage word moves a deal: "l'opportunité X est à revoir" is not a stage.
    const stage = m ? stageOf(m[2]!) : null;
    if (!m || !stage) continue;
    const target = targetFrom(m[1]);
    if (!target) return null;
    return { call: { name: 'update_opportunity', args: withTarget(target, { changes: { stage } }) } };
  }
  return null;
}
