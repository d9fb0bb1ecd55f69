import type { MemoryKind, ProfileField } from './keys.ts';

/** A fact as said ("nous sommes une agence immobilière à Lyon"), read into a memory entry. */
export interface Fact {
  kind: MemoryKind;
  /** A profile field, or `Entity.field` for a default. */
  field?: string;
  value: string;
}

type Rule = [kind: MemoryKind, field: ProfileField | 'Lead.source' | undefined, re: RegExp];

// Every pattern is fixed words then one trailing capture: linear on any input.
const R = (s: string) => new RegExp(s, 'iu');
const IS_FR = '(?:est|sont|:|=)';
const IS_EN = '(?:is|are|:|=)';

/** Most specific first: "nous sommes ouverts …" is hours before "nous sommes …" is anything else. */
const RULES: Rule[] = [
  // Default lead source: "les leads du site sont source Web", "leads from the website are source Web".
  [
    'default',
    'Lead.source',
    R(
      '^(?:(?:les|the|new|nouveaux|nos|our)\\s+)*leads?\\b[^:]{0,60}?\\bsources?\\s*(?:=|:|est|is|de|en)?\\s*(.+)$',
    ),
  ],
  [
    'default',
    'Lead.source',
    R(
      '^(?:(?:la|the|default|lead)\\s+)*sources?(?:\\s+par\\s+d[ée]faut)?(?:\\s+(?:des|pour les|of|for)(?:\\s+(?:nouveaux|new))?\\s+leads?)?(?:\\s+par\\s+d[ée]faut)?\\s*(?:est|is|=|:)\\s*(.+)$',
    ),
  ],
  // Hours.
  [
    'profile',
    'hours',
    R(`^(?:nos|mes)\\s+horaires(?:\\s+d'ouverture|\\s+de\\s+travail)?\\s*${IS_FR}\\s*(.+)$`),
  ],
  ['profile', 'hours', R('^(?:nous\\s+sommes|on\\s+est|je\\s+suis)\\s+ouverte?s?\\s+(.+)$')],
  [
    'profile',
    'hours',
    R(`^(?:our|my)\\s+(?:working\\s+|opening\\s+|business\\s+|office\\s+)?hours\\s*${IS_EN}\\s*(.+)$`),
  ],
  ['profile', 'hours', R("^(?:we(?:'re|\\s+are)|i'm|i\\s+am)\\s+open\\s+(.+)$")],
  // Target customers (before "we work …" hours).
  ['profile', 'customers', R(`^(?:nos|mes)\\s+clients?(?:\\s+cibles?)?\\s*${IS_FR}\\s*(.+)$`)],
  [
    'profile',
    'customers',
    R(`^(?:notre|ma)\\s+(?:client[èe]le|cible)(?:\\s+client(?:e|èle)?)?\\s*${IS_FR}\\s*(.+)$`),
  ],
  [
    'profile',
    'customers',
    R(
      '^(?:nous|on|je)\\s+(?:ciblons|cible|travaillons\\s+(?:avec|pour)|travaille\\s+(?:avec|pour))\\s+(.+)$',
    ),
  ],
  [
    'profile',
    'customers',
    R(`^(?:our|my)\\s+(?:target\\s+)?(?:customers|clients|audience|market|clientele)\\s*${IS_EN}\\s*(.+)$`),
  ],
  ['profile', 'customers', R('^(?:we|i)\\s+(?:target|serve|work\\s+with|work\\s+for|sell\\s+to)\\s+(.+)$')],
  ['profile', 'hours', R('^(?:nous|on|je)\\s+(?:travaillons|travaille)\\s+(.+)$')],
  ['profile', 'hours', R('^(?:we|i)\\s+work\\s+(.+)$')],
  // Tone.
  [
    'profile',
    'tone',
    R(
      `^(?:(?:notre|le|ton|mon)\\s+)?ton(?:\\s+des\\s+r[ée]ponses|\\s+[àa]\\s+employer)?\\s*(?:doit\\s+[êe]tre|${IS_FR})\\s*(.+)$`,
    ),
  ],
  ['profile', 'tone', R('^(?:utilise|adopte|prends|emploie|garde)\\s+(?:un|le)\\s+ton\\s+(.+)$')],
  [
    'profile',
    'tone',
    R(`^(?:(?:our|the|your)\\s+)?tone(?:\\s+of\\s+voice)?\\s*(?:should\\s+be|${IS_EN})\\s*(.+)$`),
  ],
  ['profile', 'tone', R('^use\\s+(?:a|an|the)\\s+(.+?)\\s+tone$')],
  // Offer.
  [
    'profile',
    'offer',
    R(`^(?:notre|nos|mon|mes)\\s+(?:offres?|produits?|services?|prestations?)\\s*${IS_FR}\\s*(.+)$`),
  ],
  [
    'profile',
    'offer',
    R('^(?:nous|on|je)\\s+(?:vendons|vends|vend|proposons|propose|offrons|offre)\\s+(.+)$'),
  ],
  ['profile', 'offer', R(`^(?:our|my)\\s+(?:offer|offering|products?|services?)\\s*${IS_EN}\\s*(.+)$`)],
  ['profile', 'offer', R('^(?:we|i)\\s+(?:sell|offer|provide)\\s+(.+)$')],
  // Location (before the sector: "nous sommes à Lyon").
  [
    'profile',
    'location',
    R(
      '^(?:nous\\s+sommes|on\\s+est|je\\s+suis)\\s+(?:(?:bas[ée]|situ[ée]|install[ée]|implant[ée])e?s?\\s+)?(?:à|a|au|aux|en|sur)\\s+(.+)$',
    ),
  ],
  [
    'profile',
    'location',
    R(`^(?:notre|mon)\\s+(?:adresse|ville|si[èe]ge|bureau|agence)\\s*${IS_FR}\\s*(.+)$`),
  ],
  ['profile', 'location', R("^(?:we(?:'re|\\s+are)|i'm|i\\s+am)\\s+(?:based|located)\\s+(?:in|at)\\s+(.+)$")],
  [
    'profile',
    'location',
    R(`^(?:our|my)\\s+(?:address|city|location|office|head\\s+office)\\s*${IS_EN}\\s*(.+)$`),
  ],
  // Sector.
  ['profile', 'sector', R('^(?:nous\\s+sommes|on\\s+est|je\\s+suis)\\s+(?:un|une|des)\\s+(.+)$')],
  [
    'profile',
    'sector',
    R("^(?:nous\\s+sommes|on\\s+est|je\\s+suis)\\s+dans\\s+(?:le\\s+|la\\s+|les\\s+|l')?(.+)$"),
  ],
  [
    'profile',
    'sector',
    R(
      `^(?:notre|mon)\\s+(?:secteur|activit[ée]|m[ée]tier|domaine)(?:\\s+d'activit[ée])?\\s*${IS_FR}\\s*(?:le\\s+|la\\s+|les\\s+|l')?(.+)$`,
    ),
  ],
  ['profile', 'sector', R("^(?:we(?:'re|\\s+are)|i'm|i\\s+am)\\s+(?:a|an)\\s+(.+)$")],
  ['profile', 'sector', R("^(?:we(?:'re|\\s+are))\\s+in\\s+the\\s+(.+?)\\s+(?:business|industry|sector)$")],
  [
    'profile',
    'sector',
    R(`^(?:our|my)\\s+(?:sector|industry|business|trade)\\s*${IS_EN}\\s*(?:in\\s+)?(?:the\\s+)?(.+)$`),
  ],
  // Goals.
  [
    'goal',
    undefined,
    R(
      "^(?:(?:notre|mon|l')\\s*)?objectif(?:\\s+principal|\\s+du\\s+mois|\\s+de\\s+l'ann[ée]e|\\s+commercial)?\\s*(?:est\\s+de\\s+|est\\s+d'|est\\s+|:|=)\\s*(.+)$",
    ),
  ],
  ['goal', undefined, R(`^(?:nos|mes)\\s+objectifs\\s*${IS_FR}\\s*(.+)$`)],
  ['goal', undefined, R('^(?:nous\\s+visons|on\\s+vise|je\\s+vise)\\s+(.+)$')],
  [
    'goal',
    undefined,
    R(
      '^(?:(?:our|my|the)\\s+)?(?:main\\s+|monthly\\s+|yearly\\s+|sales\\s+)?(?:goal|objective|target)s?\\s*(?:is\\s+to\\s+|are\\s+|is\\s+|:|=)\\s*(.+)$',
    ),
  ],
  [
    'goal',
    undefined,
    R('^(?:we|i)\\s+(?:aim\\s+for|aim\\s+to|want\\s+to\\s+reach|want\\s+to\\s+get)\\s+(.+)$'),
  ],
  // Preferences.
  ['pref', undefined, R('^(?:je|nous|on)\\s+pr[ée]f[èée]r(?:e|ons|ent)\\s+(.+)$')],
  ['pref', undefined, R('^(?:pr[ée]f[ée]rences?|preferences?)\\s*:\\s*(.+)$')],
  ['pref', undefined, R('^(?:i|we)\\s+(?:prefer|would\\s+rather)\\s+(.+)$')],
];

/** Surrounding quotes and a closing full stop are not part of what is remembered. */
export function cleanValue(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["«“'\s]+|["»”'\s]+$/g, '')
    .replace(/[.!;,]+$/, '')
    .trim();
}

/** What kind of fact a sentence states; anything not recognised is a long-term note, as said. */
export function classifyFact(text: string): Fact {
  const body = cleanValue(text);
  for (const [kind, field, re] of RULES) {
    const m = re.exec(body);
    const value = m ? cleanValue(m[1] ?? '') : '';
    if (value) return field ? { kind, field, value } : { kind, value };
  }
  return { kind: 'note', value: body };
}
